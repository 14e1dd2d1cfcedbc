"""The Earth: spherical geometry (``geo``), country shapes (``countries``), the on-disk array cache
(``array_cache``) and the land check of a drawn route (``land_check``).
"""
