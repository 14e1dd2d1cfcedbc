"""One APIRouter per area.
"""
