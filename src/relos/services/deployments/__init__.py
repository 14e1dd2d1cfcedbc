"""Deployments and presence: the lifecycle of a deployment (``lifecycle``), reading them (``reads``),
cap overrides and the presence timeline (``presence``), the deployment plan check (``plan_check``,
``plan_file``) and reading particulars from input (``inputs``); ``results`` declares what they return,
``_views`` holds what they share and ``ports`` declares the store.
"""
