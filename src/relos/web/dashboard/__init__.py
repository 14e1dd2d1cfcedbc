"""The dashboard: the page after sign-in (`/`), from services.dashboard."""
