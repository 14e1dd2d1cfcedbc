"""Named sea passages that can be closed one by one, and the seasonal rules for the Arctic routes.

The labels come from the `searoute` package's marnet network (its ``passage`` edge attribute);
the Northern Sea Route and the Northwest Passage are told apart by where the edges lie, since
`searoute` files both Arctic routes under one ``northwest`` label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Passage(StrEnum):
    """A passage (canal, strait, cape route or Arctic route) of the sea network."""

    SUEZ = "suez"
    BAB_EL_MANDEB = "bab_el_mandeb"
    HORMUZ = "hormuz"
    MALACCA = "malacca"
    SUNDA = "sunda"
    PANAMA = "panama"
    GIBRALTAR = "gibraltar"
    BOSPORUS = "bosporus"
    DARDANELLES = "dardanelles"
    BERING = "bering"
    CAPE_HORN = "cape_horn"
    CAPE_OF_GOOD_HOPE = "cape_of_good_hope"
    NORTHERN_SEA_ROUTE = "northern_sea_route"
    NORTHWEST_PASSAGE = "northwest_passage"

    @property
    def code(self) -> int:
        """Small integer stored per network edge (0 means no passage)."""
        return _CODES[self]

    @classmethod
    def parse(cls, text: str) -> Passage:
        """A passage from its name or a common alias (``ormuz``, ``nsr``, ``nwp`` ...)."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        if key in _ALIASES:
            return _ALIASES[key]
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(p.value for p in cls)
            raise ValueError(f"passage: unknown passage {text!r} (known: {names})") from None


_CODES: dict[Passage, int] = {p: i + 1 for i, p in enumerate(Passage)}
PASSAGE_BY_CODE: dict[int, Passage] = {c: p for p, c in _CODES.items()}

#: `searoute` edge labels mapped to our passages (``northwest`` is split geographically).
SEAROUTE_LABELS: dict[str, Passage] = {
    "suez": Passage.SUEZ,
    "babalmandab": Passage.BAB_EL_MANDEB,
    "ormuz": Passage.HORMUZ,
    "malacca": Passage.MALACCA,
    "sunda": Passage.SUNDA,
    "panama": Passage.PANAMA,
    "gibraltar": Passage.GIBRALTAR,
    "bosporus": Passage.BOSPORUS,
    "dardanelles": Passage.DARDANELLES,
    "bering": Passage.BERING,
    "chili": Passage.CAPE_HORN,
    "south_africa": Passage.CAPE_OF_GOOD_HOPE,
    "northwest": Passage.NORTHWEST_PASSAGE,
}

_ALIASES: dict[str, Passage] = {
    "ormuz": Passage.HORMUZ,
    "babalmandab": Passage.BAB_EL_MANDEB,
    "bab_al_mandab": Passage.BAB_EL_MANDEB,
    "nsr": Passage.NORTHERN_SEA_ROUTE,
    "nwp": Passage.NORTHWEST_PASSAGE,
    "northwest": Passage.NORTHWEST_PASSAGE,
    "turkish_straits": Passage.BOSPORUS,
    "magellan": Passage.CAPE_HORN,
    "good_hope": Passage.CAPE_OF_GOOD_HOPE,
}

#: Edges reaching north of this latitude are Arctic-route edges.
ARCTIC_LAT = 66.0
#: The Northern Sea Route runs from the Kara Gate (about 58 E) east to the Bering Strait (169.3 W).
NSR_WEST_LON = 58.0
NSR_EAST_LON = -169.3
#: West of Lancaster Sound's mouth (75 W) and east of the Bering Strait lies the Northwest Passage.
NWP_EAST_LON = -75.0

ICE_ROUTES = frozenset({Passage.NORTHERN_SEA_ROUTE, Passage.NORTHWEST_PASSAGE})


def arctic_passage(max_lat: float, mid_lon: float) -> Passage | None:
    """The Arctic route an edge belongs to, from its northernmost latitude and middle longitude."""
    if max_lat <= ARCTIC_LAT:
        return None
    if mid_lon >= NSR_WEST_LON or mid_lon <= NSR_EAST_LON:
        return Passage.NORTHERN_SEA_ROUTE
    if mid_lon <= NWP_EAST_LON:
        return Passage.NORTHWEST_PASSAGE
    return None


@dataclass(frozen=True, slots=True)
class PassagePolicy:
    """Which passages are closed, and when the ice routes are open (months 1-12).

    ``closed`` are closed whatever the date. The ice routes are open only in their season and
    only to ice-class ships; a season of no months keeps the route shut.
    Defaults: the Northern Sea Route July to November, the Northwest Passage August to September.
    """

    closed: frozenset[Passage] = frozenset()
    nsr_months: frozenset[int] = frozenset({7, 8, 9, 10, 11})
    nwp_months: frozenset[int] = frozenset({8, 9})

    def __post_init__(self) -> None:
        for name in ("nsr_months", "nwp_months"):
            bad = [m for m in getattr(self, name) if not 1 <= m <= 12]
            if bad:
                raise ValueError(f"{name}: months must be 1-12, got {sorted(bad)}")

    def closed_at(self, *, when: dt.date | None, ice_class: bool) -> frozenset[Passage]:
        """The passages closed for a ship (ice class or not) at a date (None: no season open)."""
        shut = set(self.closed)
        month = when.month if when is not None else None
        if not ice_class or month not in self.nsr_months:
            shut.add(Passage.NORTHERN_SEA_ROUTE)
        if not ice_class or month not in self.nwp_months:
            shut.add(Passage.NORTHWEST_PASSAGE)
        return frozenset(shut)


def parse_passages(names: str | None) -> frozenset[Passage]:
    """Passages from a comma-separated list (empty or None: none)."""
    if not names:
        return frozenset()
    return frozenset(Passage.parse(n) for n in names.split(",") if n.strip())
