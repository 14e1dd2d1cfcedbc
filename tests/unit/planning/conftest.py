"""Fixtures for the planning tests."""

from __future__ import annotations

from planning_ports import frigate, indian_points, partner_points

__all__ = ["frigate", "indian_points", "partner_points"]
