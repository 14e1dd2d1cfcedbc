"""Pages of deployments: list and detail (``pages``), the forms that act on one (``actions``) and the
presence page with cap overrides (``presence``).
"""
