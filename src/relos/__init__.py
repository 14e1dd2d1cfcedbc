"""RELOS: administration of reciprocal military logistics-support agreements.

Layers (imports point down only): api, web, cli -> db -> services -> domain, planning.
See docs/architecture.md for the map.
"""

__version__ = "0.1.0"
