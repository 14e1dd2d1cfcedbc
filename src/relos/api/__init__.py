"""The REST API under /api/v1 (FastAPI): routers per area, Pydantic schemas, dependencies in deps."""
