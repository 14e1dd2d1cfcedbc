"""What passes between two parties' instances, as pure rules: the signed document's envelope and what each of
its fields must hold (`envelope`), where a received document stands on its channel — next, replayed, early
after a gap, or breaking the chain (`channel`) — and how a key's fingerprint is read aloud (`fingerprints`).

Signing, canonical JSON and storage are the services' (relos.services.exchange); nothing here imports them.
"""
