"""People and trust: user administration (``users``), web sign-in (``sessions``), API tokens
(``tokens``), the secrets behind them (``credentials``), password hashing (``_passwords``), who may see
and do what (``authority``) and reading the hash-chained audit trail (``audit``); ``ports`` declares the
stores.
"""
