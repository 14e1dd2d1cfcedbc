"""Pages of support orders: list and detail (``pages``) and the forms that act on one (``actions``)."""
