"""Reach: what a ship class reaches within N days, with and without an agreement (``search``), and the
result with its JSON and GeoJSON forms (``result``).
"""
