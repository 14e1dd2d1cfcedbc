"""Pages of deployments: the list, paged, and its CSV download (``listing``), one deployment's page
(``pages``), the forms that act on one (``actions``), the forms that make and amend one (``edit``, reading the
posted form with ``form``; a new record's one-time key is ``once``) and the presence page with cap overrides
(``presence``).
"""
