"""The first-come-first-served engine of the plan check (``plan_engine``) and its compiled loop
(``plan_kernel``, numba).
"""
