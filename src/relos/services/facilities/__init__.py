"""The facility catalogue and force data: import, export and search (``catalogue``), the file formats
(``files``) and loading the reference data shipped with RELOS (``bundled``); ``ports`` declares the
stores.
"""
