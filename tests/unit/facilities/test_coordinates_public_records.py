"""The bundled facilities' coordinates agree with public records within 5 km, or a reason is stated per row.

Airfields are held to the airport records of the `airportsdata` package (PyPI; ICAO-keyed positions of the world's
airports, MIT-licensed) and ports to the UN/LOCODE port records shipped with `searoute` (PyPI, data/ports.geojson,
from Eurostat's SeaRoute). Every facility is either matched to a record or has a stated reason, so a row added
later without either fails here.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources

import airportsdata
import pytest

from relos.domain.facilities import haversine_km

LIMIT_KM = 5.0

#: facility id -> ICAO code of its airport record.
AIRPORT = {
    "RU-SV1": "ULAK", "RU-SV3": "XLMV", "RU-MMK": "ULMM", "RU-ARA": "ULAA", "RU-NAG": "UODN", "RU-RGV": "ULDA",
    "RU-TKS": "UEST", "RU-PWE": "UHMP", "RU-DKS": "UODD", "RU-DYR": "UHMA", "RU-PVS": "UHMD", "RU-KNV": "UHWW",
    "RU-YEL": "UHPP", "RU-KRU": "UHKG", "RU-UUS": "UHSS", "RU-KHV": "UHHH", "RU-GDX": "UHMM", "RU-CKS": "UUMU",
    "RU-ULY": "UWLW", "RU-TVR": "UUEM", "IN-CNA": "VOCC", "IN-DEG": "VOVZ", "IN-UTK": "VOPB", "IN-CBY": "VO94",
    "IN-CBD": "VOCX", "IN-GOI": "VOGO", "IN-AGX": "VOAT", "IN-ARK": "VOAR", "IN-HDN": "VIDX", "IN-JGA": "VAJM",
    "IN-PNQ": "VAPO", "IN-TJV": "VOTJ", "IN-AGR": "VIAG", "IN-IXC": "VICG", "IN-PBD": "VAPR", "US-UAM": "PGUA",
    "JP-DNA": "RODN",
}  # fmt: skip

#: facility id -> UN/LOCODE of its port record.
PORT = {
    "RU-MUR": "RUMMK", "RU-ARH": "RUARH", "RU-VVO": "RUVVO", "RU-NAK": "RUNJK", "RU-KOR": "RUKOR",
    "RU-KRS": "RUKDT", "RU-NVR": "RUNVS", "RU-AST": "RUASF", "RU-MCX": "RUMCX", "UA-SEV": "UASVP",
    "SY-TTS": "SYTTS", "IN-BOM": "INBOM", "IN-COK": "INCOK", "IN-VTZ": "INVTZ", "IN-MAA": "INMAA",
    "IN-CCU": "INCCU", "IN-IXZ": "INIXZ", "US-GUM": "GUAPR", "US-NSD": "USSAN", "US-NFK": "USSWP",
    "BH-NSA": "BHBAH", "RU-MAG": "RUMAG", "RU-VNN": "RUVNN", "RU-VYP": "RUVYP", "RU-DKA": "RUDKA",
    "RU-DUD": "RUDUD", "RU-TUA": "RUTUA", "RU-ULU": "RUULU", "IN-PRT": "INPRT", "IN-IXY": "INIXY",
    "IN-TUT": "INTUT", "IN-MRM": "INMRM", "LK-CMB": "LKCMB", "SG-SIN": "SGSIN", "OM-SLL": "OMSLL",
    "KR-PUS": "KRPUS",
}  # fmt: skip

_NO_LOCODE = "a naval base with no UN/LOCODE port record of its own; its source cites its coordinates"
#: facility id -> why it is not held to a record within 5 km.
REASON = {
    "RU-SVM": _NO_LOCODE, "RU-PLY": _NO_LOCODE, "RU-GDZ": _NO_LOCODE, "RU-ZLT": _NO_LOCODE, "RU-GRM": _NO_LOCODE,
    "RU-SDV": _NO_LOCODE, "RU-FOK": _NO_LOCODE, "RU-VLY": _NO_LOCODE, "RU-SGV": _NO_LOCODE, "RU-BLT": _NO_LOCODE,
    "RU-KSP": _NO_LOCODE, "IN-KVT": _NO_LOCODE, "IN-MNC": _NO_LOCODE, "IO-DGA": _NO_LOCODE, "JP-YOK": _NO_LOCODE,
    "RU-BKM": "a shipyard (Zvezda) with no port record; the nearest, Vladivostok, is 38 km away",
    "RU-OLN": "a military air base with no ICAO record in the package",
    "RU-TMP": "a military air base with no ICAO record in the package",
    "RU-CKL": "a naval air base with no ICAO record in the package; Khrabrovo (UMKK) is another airfield",
    "RU-SBT": "Sabetta has no port record in the package",
    "RU-PRV": "Provideniya has no port record in the package",
    "RU-PVK": "the record (RUPWE) is a town-wide point 8.8 km from the port's wharves, which the source places",
    "RU-DKP": "the record (RUDKS) is a town-wide point 9.6 km away across the Yenisei Gulf from the port",
    "RU-ANP": "the record (RUDYR) is a town-wide point 7.5 km from the port across the Anadyr estuary",
    "RU-PKC": "the record (RUPKC) is a point in Avacha Bay 10 km from the commercial harbour the source places",
    "RU-KGD": "the record (RUKGD) is 10.5 km from the Kaliningrad port basin the source places",
    "RU-LED": "the record (RULED) is the city, 8.5 km from the Big Port's cargo basin the source places",
    "IN-KWR": "the record (INKRW) is the commercial port of Karwar, 5.7 km from the naval base (INS Kadamba)",
    "DJ-JIB": "Camp Lemonnier is a base near the airport, 7.7 km from the port record (DJJIB)",
    "DJ-DCT": "the record (DJJIB) is a point on land 5.2 km south of the Doraleh quay the sources place",
    "US-PHB": "the record (USHNL) is Honolulu harbour, 6.2 km from Pearl Harbor",
}  # fmt: skip


@cache
def _facilities() -> dict[str, dict[str, str]]:
    text = (resources.files("relos.data") / "reference" / "facilities.csv").read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(text.splitlines())}


@cache
def _ports() -> dict[str, list[tuple[float, float]]]:
    """UN/LOCODE -> the record's points (a code may have more than one point: the nearest counts)."""
    data = json.loads((resources.files("searoute") / "data" / "ports.geojson").read_text(encoding="utf-8"))
    out: dict[str, list[tuple[float, float]]] = {}
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        out.setdefault(feature["properties"]["port"], []).append((lat, lon))
    return out


@cache
def _airports() -> dict[str, tuple[float, float]]:
    return {icao: (a["lat"], a["lon"]) for icao, a in airportsdata.load("ICAO").items()}


def _record(facility_id: str) -> tuple[float, float]:
    """The record's point nearest the bundled one."""
    if facility_id in AIRPORT:
        return _airports()[AIRPORT[facility_id]]
    row = _facilities()[facility_id]
    here = float(row["lat"]), float(row["lon"])
    return min(_ports()[PORT[facility_id]], key=lambda p: haversine_km(*here, *p))


def test_every_facility_is_held_to_a_record_or_says_why_not() -> None:
    ids = set(_facilities())
    assert ids - AIRPORT.keys() - PORT.keys() - REASON.keys() == set()
    assert (AIRPORT.keys() | PORT.keys() | REASON.keys()) - ids == set()
    assert not AIRPORT.keys() & PORT.keys() and not (AIRPORT.keys() | PORT.keys()) & REASON.keys()


@pytest.mark.parametrize("facility_id", sorted(AIRPORT.keys() | PORT.keys()))
def test_bundled_coordinates_are_within_5_km_of_the_public_record(facility_id: str) -> None:
    row = _facilities()[facility_id]
    lat, lon = _record(facility_id)
    distance = haversine_km(float(row["lat"]), float(row["lon"]), lat, lon)
    assert distance <= LIMIT_KM, f"{facility_id} is {distance:.1f} km from its record ({lat}, {lon})"


def test_airfields_are_held_to_airport_records_and_ports_to_port_records() -> None:
    kinds = {fid: row["kind"] for fid, row in _facilities().items()}
    assert {kinds[f] for f in AIRPORT} <= {"airfield", "air_base"}
    assert {kinds[f] for f in PORT} <= {"port", "naval_base"}


def test_the_check_fails_a_coordinate_moved_by_more_than_5_km() -> None:
    lat, lon = _record("RU-MMK")
    assert haversine_km(lat + 0.05, lon, lat, lon) > LIMIT_KM


def test_ports_placed_at_the_record_cite_its_un_locode_for_the_world_port_index_to_find_them() -> None:
    placed = {fid for fid, row in _facilities().items() if "port point of the searoute record" in row["notes"]}
    assert placed and placed <= PORT.keys()
    for fid in sorted(placed):
        assert f"UN/LOCODE {PORT[fid]}" in _facilities()[fid]["notes"], fid
