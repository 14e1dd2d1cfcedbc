"""Port-call and airspace clearances: no ship enters and no aircraft lands without one.

terms: what an agreement's file says in its ``[notice]`` table (lead times, channels, required and
optional fields).  model: the clearance, its ships or aircraft, the host's lead-time exception and
every change with who and when.  details: reading a clearance's details from JSON-like input, and
their canonical JSON form.  rules: completeness, lead time in the host facility's local time, berth
fit, the facility and the window.  coverage: whether approved clearances cover a deployment's units
and dates.  lifecycle: draft → submitted → need more information / approved / approved with
restrictions / denied; amended, cancelled, expired.
"""
