"""Support orders: their lifecycle (``lifecycle``), showing and listing them (``reads``), price lists
(``price_lists``), deliveries and receipts (``deliveries``); ``common`` holds what the order and ledger use
cases share, ``_units`` reads units with pint and ``ports`` declares the store.
"""
