"""The reach comparison: what a ship reaches in N days on its own facilities, then with the agreement, then also
with commercial bunkering in other states' ports (each such stop needs the port state's consent), then as a task
group with a replenishment tanker; side by side, as rows and as GeoJSON.

Each tier adds to the one before: its refuelling points are those of every earlier tier plus its own; the tanker
tier keeps every port of the tiers asked for and routes the group as one ship (relos.planning.reach.task_group).
The sites' distances are computed once for all tiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np
from typing_extensions import TypedDict

from relos.planning.hop_search import HopTree
from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass
from relos.planning.reach.result import MultiLineStringJson, PointJson, Scenario, area_lines
from relos.planning.reach.search import scenario
from relos.planning.reach.task_group import TaskGroup, TaskGroupJson
from relos.planning.sea.distances import site_matrix, snap_site
from relos.planning.sea.network import SeaNetwork, sea_network
from relos.planning.sea.passages import PassagePolicy


class Tier(StrEnum):
    """The tiers of the comparison, in order; each adds to the one before."""

    OWN = "own"
    AGREEMENT = "agreement"
    COMMERCIAL = "commercial"
    TANKER = "tanker"


#: Where a refuelling point may be used: the first tier that opens it.
PORT_TIERS = (Tier.OWN, Tier.AGREEMENT, Tier.COMMERCIAL)


class TierJson(TypedDict):
    """One tier's totals: facilities reached, sea-network nodes reached, the leg and speed the ship (or group) had."""

    tier: str
    facilities: int
    sea_nodes: int
    leg_nm: float
    speed_kn: float


class FacilityTiersJson(TypedDict):
    """A facility: the tier whose ports it belongs to (none: not a refuelling point for this ship), whether a call
    there needs the port state's consent, and its arrival (hours), stops and consent stops on the way in each tier
    (null: not reached in that tier)."""

    id: str
    opened_by: str | None
    consent_needed: bool
    first_reached: str | None
    arrival_h: dict[str, float | None]
    stops: dict[str, int | None]
    consent_stops: dict[str, list[str]]


class TierPropertiesJson(TypedDict):
    """A sea-area feature: the nodes a tier adds to the ones before."""

    kind: Literal["sea_area"]
    tier: str


class ComparisonJson(TypedDict):
    """The comparison: the tiers' totals, every facility reached in any tier, the tanker arithmetic (null: no
    tanker) and whether commercial ports counted."""

    home: str
    days: float
    ship_class: str
    commercial: bool
    tiers: list[TierJson]
    facilities: list[FacilityTiersJson]
    task_group: TaskGroupJson | None


class ComparisonFeatureCollectionJson(TypedDict):
    """The GeoJSON of a comparison: a sea-area feature per tier (the sea it adds), then each facility."""

    type: Literal["FeatureCollection"]
    features: list[ComparisonFeatureJson]


class FacilityTierPropertiesJson(TypedDict):
    """A facility feature: its tier status and consent flag."""

    kind: Literal["facility"]
    id: str
    status: str
    opened_by: str | None
    consent_needed: bool


class ComparisonFeatureJson(TypedDict):
    """A feature of the comparison's GeoJSON."""

    type: Literal["Feature"]
    properties: TierPropertiesJson | FacilityTierPropertiesJson
    geometry: MultiLineStringJson | PointJson


@dataclass(frozen=True, slots=True, eq=False)
class TierReach:
    """What one tier reaches, the ship (or group) it was computed for and the hop tree (for the stops on the way)."""

    tier: Tier
    ship: ShipClass
    scenario: Scenario
    tree: HopTree


@dataclass(frozen=True, slots=True, eq=False)
class ReachComparison:
    """The tiers side by side."""

    home: str
    days: float
    ship_class: str
    commercial: bool
    tiers: tuple[TierReach, ...]
    opened_by: Mapping[str, Tier]
    labels: tuple[str, ...]  # site index -> facility id (0: home)
    positions: Mapping[str, tuple[float, float]]
    network: SeaNetwork
    group: TaskGroup | None

    def consent_stops(self, tier: TierReach, site: int) -> list[str]:
        """The commercial stops on the way to ``site`` in ``tier`` (each needs the port state's consent)."""
        chain = tier.tree.chain(site) or []
        return [self.labels[k] for k in chain[1:-1] if self.opened_by.get(self.labels[k]) is Tier.COMMERCIAL]

    def rows(self) -> list[FacilityTiersJson]:
        """Every facility reached in any tier, soonest first in the last tier."""
        out: list[FacilityTiersJson] = []
        for k, fid in enumerate(self.labels):
            if k == 0 or not any(fid in t.scenario.facilities for t in self.tiers):
                continue
            reached = {t.tier.value: t.scenario.facilities.get(fid) for t in self.tiers}
            opened = self.opened_by.get(fid)
            out.append(
                {
                    "id": fid,
                    "opened_by": opened.value if opened else None,
                    "consent_needed": opened is Tier.COMMERCIAL,
                    "first_reached": next((name for name, r in reached.items() if r is not None), None),
                    "arrival_h": {name: None if r is None else round(r.arrival_h, 1) for name, r in reached.items()},
                    "stops": {name: None if r is None else r.stops for name, r in reached.items()},
                    "consent_stops": {
                        t.tier.value: self.consent_stops(t, k) for t in self.tiers if fid in t.scenario.facilities
                    },
                }
            )
        last = self.tiers[-1].tier.value
        out.sort(key=lambda r: (r["arrival_h"][last] is None, r["arrival_h"][last] or 0.0, r["id"]))
        return out

    def to_json(self) -> ComparisonJson:
        return {
            "home": self.home,
            "days": self.days,
            "ship_class": self.ship_class,
            "commercial": self.commercial,
            "tiers": [
                {
                    "tier": t.tier.value,
                    "facilities": len(t.scenario.facilities),
                    "sea_nodes": int(t.scenario.area.sum()),
                    "leg_nm": round(t.ship.usable_range_nm, 1),
                    "speed_kn": t.ship.cruise_speed_kn,
                }
                for t in self.tiers
            ],
            "facilities": self.rows(),
            "task_group": self.group.to_json() if self.group else None,
        }

    def geojson(self) -> ComparisonFeatureCollectionJson:
        """A sea-area feature per tier (what it adds to those before), then every facility with the first tier
        reaching it (``status``: a tier, ``home`` or ``unreachable``) and its consent flag."""
        features: list[ComparisonFeatureJson] = []
        before = np.zeros(self.network.node_count, dtype=bool)
        for t in self.tiers:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": "sea_area", "tier": t.tier.value},
                    "geometry": {
                        "type": "MultiLineString",
                        "coordinates": area_lines(self.network, t.scenario.area & ~before),
                    },
                }
            )
            before = before | t.scenario.area
        for fid, (lat, lon) in self.positions.items():
            first = next((t.tier.value for t in self.tiers if fid in t.scenario.facilities), "unreachable")
            opened = self.opened_by.get(fid)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "kind": "facility",
                        "id": fid,
                        "status": "home" if fid == self.home else first,
                        "opened_by": opened.value if opened else None,
                        "consent_needed": opened is Tier.COMMERCIAL,
                    },
                    "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                }
            )
        return {"type": "FeatureCollection", "features": features}


def compare_reach(
    *,
    home: Endpoint,
    ship: ShipClass,
    days: float,
    points: Sequence[RefuelPoint],
    opened_by: Mapping[str, Tier],
    commercial: bool = False,
    group: TaskGroup | None = None,
    policy: PassagePolicy = PassagePolicy(),
    when: dt.date | None = None,
    network: SeaNetwork | None = None,
) -> ReachComparison:
    """Reach within ``days`` from ``home`` in each tier.

    ``points``: every candidate facility (its reach is reported in each tier); ``opened_by``: the tier whose
    access opens each one that may refuel the ship (absent: none does). Commercial points count only with
    ``commercial``; the tanker tier is computed when ``group`` is given (its escorts are ``ship``'s).
    """
    if days <= 0:
        raise ValueError(f"days: must be positive, got {days}")
    net = network or sea_network()
    closed = policy.closed_at(when=when, ice_class=ship.ice_class)
    by_id: dict[str, RefuelPoint] = {}
    for p in points:
        by_id.setdefault(p.id, p)
    by_id.pop(home.id, None)
    ids = list(by_id)
    sites = [snap_site(net, label=home.id, lat=home.lat, lon=home.lon)]
    sites += [snap_site(net, label=i, lat=by_id[i].lat, lon=by_id[i].lon) for i in ids]
    dist, _, _ = site_matrix(net, closed, sites)
    hours = days * 24.0
    wanted = [Tier.OWN, Tier.AGREEMENT] + ([Tier.COMMERCIAL] if commercial else [])
    out: list[TierReach] = []
    for n, tier in enumerate(wanted):
        allowed = set(wanted[: n + 1])
        mask = np.array([False] + [opened_by.get(i) in allowed for i in ids], dtype=bool)
        reached, tree = scenario(net, closed, sites, dist, mask, ship, hours)
        out.append(TierReach(tier, ship, reached, tree))
    if group is not None:
        mask = np.array([False] + [opened_by.get(i) in set(wanted) for i in ids], dtype=bool)
        as_ship = group.as_ship()
        group_closed = policy.closed_at(when=when, ice_class=as_ship.ice_class)
        if group_closed != closed:  # a ship of the group without ice class keeps the ice routes shut
            dist_group, _, _ = site_matrix(net, group_closed, sites)
            reached, tree = scenario(net, group_closed, sites, dist_group, mask, as_ship, hours)
        else:
            reached, tree = scenario(net, closed, sites, dist, mask, as_ship, hours)
        out.append(TierReach(Tier.TANKER, as_ship, reached, tree))
    return ReachComparison(
        home=home.id,
        days=days,
        ship_class=ship.name,
        commercial=commercial,
        tiers=tuple(out),
        opened_by={i: t for i, t in opened_by.items() if i in by_id and (commercial or t is not Tier.COMMERCIAL)},
        labels=tuple(s.label for s in sites),
        positions={s.label: (s.lat, s.lon) for s in sites},
        network=net,
        group=group,
    )
