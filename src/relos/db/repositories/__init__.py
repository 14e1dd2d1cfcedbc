"""Repositories: translate between table rows and domain objects, one module per area."""
