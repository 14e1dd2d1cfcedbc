"""Loading the reviewed reference data shipped in relos.data (`relos init`), idempotently.

A bundled record is added when missing and refreshed when a newer release ships it changed;
a record a user imported themselves (same id, other source) is left as they made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from relos.domain.actor import Actor
from relos.domain.facilities import RecordKind
from relos.services.agreements.files import parse_agreement
from relos.services.agreements.register import import_agreement
from relos.services.facilities.catalogue import ImportReport, import_reference_file
from relos.services.facilities.files import FileFormat
from relos.services.unit_of_work import UnitOfWork

BUNDLED_PREFIX = "bundled:"


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_user_version: list[str] = field(default_factory=list)


def bundled_agreement_files() -> list[tuple[str, str]]:
    """(file name, text) of every agreement file shipped with RELOS, sorted by name."""
    folder = resources.files("relos.data") / "agreements"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def load_bundled_agreements(uow: UnitOfWork, *, actor: Actor) -> LoadReport:
    """Import each bundled agreement that is missing or out of date (one transaction each)."""
    report = LoadReport()
    for name, text in bundled_agreement_files():
        agreement, _ = parse_agreement(text, source=name)
        with uow:
            stored = uow.agreements.get(agreement.id)
        if stored is None:
            report.added.append(agreement.id)
        elif not stored.source_name.startswith(BUNDLED_PREFIX):
            report.kept_user_version.append(agreement.id)
            continue
        elif stored.source_text == text:
            report.unchanged.append(agreement.id)
            continue
        else:
            report.updated.append(agreement.id)
        import_agreement(uow, actor=actor, text=text, source_name=BUNDLED_PREFIX + name, at=date.today())
    return report


# --- Facility catalogue and force data -------------------------------------------------

#: The bundled reference files, in load order (facilities name agreements loaded before them).
REFERENCE_FILES = (
    ("facilities.csv", "facilities"),
    ("ship_classes.csv", "ship-classes"),
    ("aircraft_types.csv", "aircraft-types"),
    ("planning_factors.csv", "planning-factors"),
)


def bundled_reference_file(name: str) -> str:
    """The text of a bundled reference file (relos/data/reference/<name>)."""
    return (resources.files("relos.data") / "reference" / name).read_text(encoding="utf-8")


def load_bundled_reference_data(uow: UnitOfWork, *, actor: Actor) -> list[ImportReport]:
    """Load the bundled facilities, ship classes, aircraft types and planning factors (one transaction
    per file): missing records are added, changed bundled ones refreshed, user-imported ones kept."""
    reports = []
    for name, kind in REFERENCE_FILES:
        reports.append(
            import_reference_file(
                uow,
                actor=actor,
                kind=RecordKind(kind),
                text=bundled_reference_file(name),
                source_name=BUNDLED_PREFIX + name,
                file_format=FileFormat.CSV,
                keep_user_records=True,
            )
        )
    return reports
