"""Deployments and presence: the lifecycle of a deployment (``lifecycle``), reading them (``reads``),
cap overrides and the presence timeline (``presence``), the deployment plan check (``plan_check``; reading the
plan: ``plan_uniform`` and ``plan_cells`` straight from its bytes when it is uniform, else ``plan_table``,
``plan_json``, ``plan_columns``, ``plan_rows``; writing its verdicts: ``plan_results``) and
reading particulars from input (``inputs``); ``results`` declares what they return, ``_views`` holds what they
share and ``ports`` declares the store.
"""
