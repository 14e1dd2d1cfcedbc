"""Support orders: what a visiting force asks the host for, and the rules the order obeys.

catalogue: categories of support and the units each is counted in.  model: order, lines,
signatures, deliveries, receipts, the order's history.  terms: the agreement's order and
reimbursement terms (exclusions, in-kind period, ceilings) read from its file.  pricing: price
lists and the pricing rule.  rules: line, exclusion, pricing, completeness and separation-of-duty
rules.  lifecycle: the transitions from draft to closed, cancellation and amendment.
"""
