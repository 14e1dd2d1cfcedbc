"""Reviewed reference data shipped with RELOS: agreements (TOML), facilities, force classes and
planning factors (CSV), every record with its source.
"""
