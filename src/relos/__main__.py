"""`python -m relos` runs the `relos` command."""

from relos.cli.main import app

app()
