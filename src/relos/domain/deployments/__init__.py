"""Deployments: a visiting party's ships, aircraft and personnel at a host facility for a window,
and the presence caps and facility capacities they must respect.

model: the deployment, its units (ships, aircraft, personnel) and derived totals, cap overrides.
lifecycle: draft → submitted → approved | rejected → arrived → departed → closed; cancel; amend.
presence: step functions of load over time (sorted event sweeps with a max segment tree).
admission: the admission rules (in force, purpose, caps, overrides, facility capacity), each
violation explained, and the earliest window in which a request would fit.
"""
