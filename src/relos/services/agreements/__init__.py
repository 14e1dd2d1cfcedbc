"""The agreement register: reading agreement files (``files``), importing and listing agreements and
recording their dated events (``register``); ``ports`` declares the store.
"""
