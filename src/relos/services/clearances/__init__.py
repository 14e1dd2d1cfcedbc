"""Port-call notices and airspace clearances: the visiting party's steps (``lifecycle``), the host's
(``host``), the link to a deployment (``links``), what is due for submission (``due``) and the notice document
(``notice``); ``_common`` and ``_steps`` hold what they share, ``results`` declares what the use cases hand back
and ``ports`` the store.
"""
