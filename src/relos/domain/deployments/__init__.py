"""Deployments: a visiting party's ships, aircraft and personnel at a host facility for a window,
and the presence caps and facility capacities they must respect.

model: the deployment, its status and its occupancy (re-exports the three modules below).
units: ships, aircraft and the totals derived from them.
limits: cap overrides and facility capacity.
particulars: what a request gives, and the checks on it.
lifecycle: draft → submitted → approved | rejected → arrived → departed → closed; cancel; amend.
presence: step functions of load over time (sorted event sweeps with a max segment tree).
admission: the admission rules (in force, purpose, caps, overrides, facility capacity), each
violation explained, and the earliest window in which a request would fit.
"""
