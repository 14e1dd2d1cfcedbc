"""The exchange between two sovereign instances, one per party: the instance's party and signing keys
(`instance`, `keys`), its partners' keys (`peers`), signed documents in canonical JSON (`signing`), the file
bundles that carry them across an air gap (`bundles`), what is sent (`outbox`) and how what arrives is
checked and applied exactly once (`inbox`, `deployment_documents`), and where the exchange stands (`status`).
"""
