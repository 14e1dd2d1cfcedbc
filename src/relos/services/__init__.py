"""Use cases: one function per user action, grouped in one package per area (mirroring relos.domain).

Each use case owns its transaction through a unit of work (``unit_of_work``) and checks the acting
user's authority. Each area declares in its ``ports`` module the repositories it needs; relos.db
implements them. Modules whose names start with an underscore are private to their area: other areas,
and the API, web and CLI layers, use only an area's public modules (an import-linter contract).

- ``agreements`` - the agreement register: files, import, events, status.
- ``people`` - users, passwords, web sessions, API tokens, authority checks and the audit trail.
- ``facilities`` - the facility catalogue, ship classes, aircraft types, planning factors and the
  bundled reference data.
- ``deployments`` - deployments, presence caps and overrides, the presence timeline and the plan check.
- ``clearances`` - port-call notices and airspace clearances, the host's steps, the notice document.
- ``orders`` - support orders, price lists, deliveries and receipts.
- ``ledger`` - reimbursement, settlement and the settlement statement.
- ``planning`` - routes, reach, ferry flights and sustainment over the catalogue.
- ``documents`` - what every generated document shares (the Cyrillic font of the PDFs).
"""
