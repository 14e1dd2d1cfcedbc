"""The `relos` command (Typer): one module per command group."""
