"""The dashboard's reads: what a signed-in user sees first — each agreement's calendar (status, days to expiry
and to the extension decision), the visiting forces present against the caps in effect now and over the next
days, what waits for the user, reimbursements overdue and nearly due, and recent activity. Each is a read use
case over the other areas' public use cases and the domain's rules; results are typed (results.py)."""
