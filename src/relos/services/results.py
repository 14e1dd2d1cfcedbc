"""What the use cases hand back: typed records, the one contract the API, the CLI's ``--json`` and the web
pages all read.

Each area declares its results in its ``results`` module as ``TypedDict`` classes (JSON-ready values:
ISO dates and decimal strings, as the API sends them), decorated with :func:`record`. mypy checks
every place a result is built; the API declares them as response models, so the OpenAPI document
describes each field; and a key a result carries but its class does not declare is refused when the
API validates it (``extra="forbid"``), so a result cannot drift from its declared shape unnoticed.
"""

from __future__ import annotations

from pydantic import ConfigDict, with_config

#: Decorate every result class with this: undeclared keys are an error, not silently dropped.
record = with_config(ConfigDict(extra="forbid"))
