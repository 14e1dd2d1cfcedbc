"""SQLAlchemy table definitions, one module per area; metadata gathers them all.
"""
