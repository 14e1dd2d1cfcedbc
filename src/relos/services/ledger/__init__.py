"""The reimbursement ledger: billing, payments and closing (``reimbursement``), an order's position
and settling in cash or in kind (``settling``), the settlement statement and balances (``statements``,
with ``_parts``) and its CSV and PDF layout (``formats``); ``ports`` declares the stores.
"""
