"""The administrators' pages: users (create, disable or enable, roles, language), API tokens (issue — the secret
shown once —, revoke), importing an agreement file (its events are recorded on the agreement's page), and the
partners' keys (this instance's fingerprint to read aloud; add or revoke a partner's key).
The services decide (services.people, services.agreements); each form answers 303 (web/forms.py) and carries a
one-time key so that sending it twice does it once (common.py)."""
