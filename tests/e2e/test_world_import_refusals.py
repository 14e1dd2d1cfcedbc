"""`relos facilities import-wpi` and `import-ourairports` refuse a bad file whole (both databases): a missing
column, a latitude of 95, a repeated identity and a number that is not one (a draught of "deep"; a runway "deep"
feet long) each exit 2 naming the line and the field, and nothing of the file is imported — no facility added, none
updated, no provenance written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

WORLD = Path(__file__).parents[1] / "fixtures" / "world"
runner = CliRunner()
#: what each file would add, and the curated facilities it would update (found by the code they cite); the
#: repeated identities are those of line 2 (WPI number 99001, ident UUEE)
WPI_IDS = ("RU-W99001", "IN-BOM", "RU-MUR")
OURAIRPORTS_IDS = ("RU-UUEE", "IN-IN0001", "RU-SV3", "IN-GOI")


def altered(name: str, line: int, column: str, value: str | None) -> str:
    """The fixture file with one cell of data line ``line`` (2 = the first after the header) set to ``value``, or
    the column left out (``value`` None)."""
    rows = list(csv.DictReader(io.StringIO((WORLD / name).read_text(encoding="utf-8"), newline="")))
    columns = [c for c in rows[0] if value is not None or c != column]
    if value is not None:
        rows[line - 2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


CASES = {
    "wpi missing column": ("wpi", 1, "Maximum Vessel Length (m)", None, "is missing"),
    "wpi latitude 95": ("wpi", 3, "Latitude", "95", "95.0 is outside -90..90 degrees"),
    "wpi repeated number": ("wpi", 3, "World Port Index Number", "99001", "is repeated"),
    "wpi draught deep": ("wpi", 4, "Maximum Vessel Draft (m)", "deep", "'deep' is not a number"),
    "ourairports missing column": ("ourairports", 1, "latitude_deg", None, "is missing"),
    "ourairports latitude 95": ("ourairports", 3, "latitude_deg", "95", "95.0 is outside -90..90 degrees"),
    "ourairports repeated ident": ("ourairports", 3, "ident", "UUEE", "is repeated"),
    "ourairports runway deep": ("runways", 3, "length_ft", "deep", "'deep' is not a number"),
}


def command(source: str, line: int, column: str, value: str | None, folder: Path) -> list[str]:
    """The import command for a file with the one fault (the other file of OurAirports as published)."""
    name = {"wpi": "wpi_sample.csv", "ourairports": "airports_sample.csv", "runways": "runways_sample.csv"}[source]
    bad = folder / name
    bad.write_text(altered(name, line, column, value), encoding="utf-8")
    if source == "wpi":
        return ["facilities", "import-wpi", str(bad), "--edition", "bad"]
    airports = bad if source == "ourairports" else WORLD / "airports_sample.csv"
    runways = bad if source == "runways" else WORLD / "runways_sample.csv"
    return ["facilities", "import-ourairports", str(airports), "--runways", str(runways), "--edition", "bad"]


def stored(db: Database, ids: tuple[str, ...]) -> tuple[int, dict[str, object]]:
    """How many facilities there are, and each of ``ids`` as stored with where it was imported from."""
    with db.uow() as uow:
        return uow.facilities.count(), {i: (uow.facilities.get(i), uow.facilities.imported_from(i)) for i in ids}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_naming_line_and_field_and_nothing_is_imported(
    case: str, catalogue: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    source, line, column, value, says = CASES[case]
    ids = WPI_IDS if source == "wpi" else OURAIRPORTS_IDS
    before = stored(catalogue, ids)
    result = runner.invoke(app, command(source, line, column, value, tmp_path))
    text = " ".join(result.output.split())
    assert result.exit_code == 2, text
    assert f"line {line}: {column}: " in text and says in text, text
    assert stored(catalogue, ids) == before
    for facility_id in ids:
        shown = runner.invoke(app, ["facilities", "provenance", facility_id, "--json"])
        assert shown.exit_code != 0 or shown.stdout.strip() in ("[]", ""), (facility_id, shown.output)
