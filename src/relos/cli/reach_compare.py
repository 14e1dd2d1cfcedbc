"""`relos reach --compare` (or with --commercial / --tanker): the reach comparison own facilities / + agreement /
+ commercial ports / + tanker, printed as a table of the tiers, the tanker arithmetic and the facilities each tier
adds (commercial stops marked as needing the port state's consent), or as JSON; the GeoJSON written on request."""

from __future__ import annotations

import json
from pathlib import Path

from rich.table import Table

from relos.cli.common import console, print_json
from relos.cli.tables import print_listing
from relos.services.planning.reach_compare import ReachComparisonJson, ReachComparisonPlan

#: How the tiers are headed in the printed table.
TIER_HEADINGS = {
    "own": "own facilities",
    "agreement": "+ agreement",
    "commercial": "+ commercial ports",
    "tanker": "+ tanker",
}


def show(plan: ReachComparisonPlan, *, geojson: Path | None, as_json: bool) -> None:
    """Print the comparison or its JSON; write its GeoJSON when asked."""
    if geojson is not None:
        geojson.write_text(json.dumps(plan.geojson(), ensure_ascii=False) + "\n", encoding="utf-8")
    data = plan.to_json()
    if as_json:
        print_json(data)
        return
    print_comparison(data)
    if geojson is not None:
        console.print(f"GeoJSON written to {geojson}", highlight=False)


def print_comparison(data: ReachComparisonJson) -> None:
    agreements = ", ".join(data["agreements"]) or "none"
    assumed = " (assumed in force)" if data["agreements_assumed"] else ""
    console.print(
        f"{data['ship_class']} from {data['home']} within {data['days']:g} days, {data['party']} on {data['at']}; "
        f"agreements: {agreements}{assumed}",
        highlight=False,
    )
    tiers = Table("tier", "facilities", "sea nodes", "leg nm", "speed kn", title="Reach by tier")
    for tier in data["tiers"]:
        tiers.add_row(
            TIER_HEADINGS[tier["tier"]],
            str(tier["facilities"]),
            str(tier["sea_nodes"]),
            f"{tier['leg_nm']:g}",
            f"{tier['speed_kn']:g}",
        )
    print_listing(tiers, ids=("tier",))
    group = data["task_group"]
    if group is not None:
        for escort in group["escorts"]:
            said = "estimated" if escort["capacity_estimated"] else "published"
            console.print(
                f"{escort['count']} x {escort['ship_class']}: {escort['fuel_capacity_t']:g} t of fuel ({said}), "
                f"{escort['burn_t_per_nm']:g} t/nm, own leg {escort['own_leg_nm']:g} nm",
                highlight=False,
            )
        console.print(
            f"{group['tanker']}: {group['cargo_fuel_t']:g} t of cargo fuel stretches the escorts' leg to "
            f"{group['cargo_leg_nm']:g} nm; its own range allows {group['tanker_leg_nm']:g} nm; the group's leg is "
            f"{group['group_leg_nm']:g} nm (bound by {group['bound_by'].replace('_', ' ')}), "
            f"{group['cargo_used_per_leg_t']:g} t of cargo passed a leg, at {group['speed_kn']:g} kn",
            highlight=False,
        )
    names = [t["tier"] for t in data["tiers"]]
    table = Table(
        "facility", "first reached", *(f"hours {TIER_HEADINGS[n]}" for n in names), "consent", title="Facilities"
    )
    for row in data["facilities"]:
        if row["first_reached"] == "own":
            continue
        consent = "port state's consent" if row["consent_needed"] else ""
        via = sorted({s for stops in row["consent_stops"].values() for s in stops})
        if via:
            consent = (consent + "; " if consent else "") + "via " + ", ".join(via)
        hours = ["-" if row["arrival_h"][n] is None else f"{row['arrival_h'][n]:g}" for n in names]
        table.add_row(row["id"], TIER_HEADINGS[row["first_reached"] or "own"], *hours, consent)
    print_listing(table, ids=("facility",))
