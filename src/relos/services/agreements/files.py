"""Reading agreement files (TOML, the format of docs/agreement-format.md, extended and documented in
docs/agreement-format.md) into the register's model. Every problem names its key and line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from relos.domain.agreements import (
    AGREEMENT_ID,
    SLUG,
    Agreement,
    AgreementEvent,
    Caps,
    EventKind,
)
from relos.domain.clearances.terms import notice_terms
from relos.domain.errors import FieldProblem, InvalidInput, Said
from relos.domain.parties import party_problem


class _Lines:
    """Finds the line on which a key is written, so that errors can point at it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def of(self, dotted: str) -> int | None:
        parts = dotted.split(".")
        key = parts[-1]
        table = ".".join(p for p in parts[:-1] if not p.isdigit())
        index = next((int(p) for p in parts if p.isdigit()), None)
        current, seen = "", -1
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if header:
                current = header.group(1)
                if line.startswith("[[") and current == table:
                    seen += 1
                continue
            if current == table and (index is None or seen == index) and re.match(rf"^{re.escape(key)}\s*=", line):
                return number
        return self.of(".".join(parts[:-1])) if len(parts) > 1 else None


class _Reader:
    def __init__(self, doc: Mapping[str, Any], lines: _Lines) -> None:
        self.doc = doc
        self.lines = lines
        self.problems: list[FieldProblem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(FieldProblem(key, message, self.lines.of(key)))

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = False,
        what: str = "",
    ) -> Any:
        if key not in table:
            if required:
                self.problem(path, Said.of("required_2", "is required"))
            return None
        value = table[key]
        bad_bool = isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))
        if bad_bool or not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            self.problem(
                path,
                Said.of("must_not", "must be {value}, not {value2!r}", value=what or _kind_name(kind), value2=value),
            )
            return None
        return value

    def count(
        self, table: Mapping[str, Any], key: str, path: str, *, minimum: int = 0, required: bool = False
    ) -> int | None:
        value = self.get(table, key, path, int, required=required, what="a whole number")
        if value is not None and value < minimum:
            self.problem(
                path, Said.of("must_least_not", "must be at least {minimum}, not {value}", minimum=minimum, value=value)
            )
            return None
        return value  # type: ignore[no-any-return]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        bool: "true or false",
        date: "a date (YYYY-MM-DD)",
        list: "a list",
        dict: "a table",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse_agreement(text: str, *, source: str = "agreement file") -> tuple[Agreement, list[AgreementEvent]]:
    """The agreement and the events its file carries; InvalidInput naming key and line otherwise."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise InvalidInput(
            FieldProblem.of(
                "(syntax)",
                "not_valid_toml",
                "not valid TOML: {exc}",
                line=int(match.group(1)) if match else None,
                exc=exc,
            ),
            source=source,
        )
    r = _Reader(doc, _Lines(text))
    agreement_id = r.get(doc, "id", "id", str, required=True)
    if agreement_id is not None and not AGREEMENT_ID.match(agreement_id):
        r.problem("id", Said.of("must_match_z0_9", "{agreement_id!r} must match [a-z0-9-]+", agreement_id=agreement_id))
    short_name = r.get(doc, "short_name", "short_name", str, required=True)
    parties = _parties(r, doc)
    signed = r.get(doc, "signed", "signed", date, required=True)
    eif = r.get(doc, "entry_into_force", "entry_into_force", date)
    if signed and eif and eif < signed:
        r.problem(
            "entry_into_force",
            Said.of("before_signature_2", "{eif} is before the signature ({signed})", eif=eif, signed=signed),
        )
    term = r.count(doc, "term_years", "term_years", minimum=1, required=True)
    extension = r.count(doc, "extension_years", "extension_years", minimum=1)
    max_ext = r.count(doc, "max_extensions", "max_extensions", minimum=0)
    renewal = r.get(doc, "renewal", "renewal", str) or "mutual_consent"
    if renewal not in ("mutual_consent", "automatic"):
        r.problem(
            "renewal",
            Said.of(
                "must_mutual_consent_automatic", "{renewal!r} must be 'mutual_consent' or 'automatic'", renewal=renewal
            ),
        )
    notice = r.count(doc, "termination_notice_days", "termination_notice_days", minimum=0)
    purposes = _slugs(r, doc, "purposes")
    other = r.get(doc, "other_purposes_by_mutual_consent", "other_purposes_by_mutual_consent", bool)
    caps, raisable = _caps(r, doc)
    _, notice_problems = notice_terms(agreement_id or "", doc)  # [notice]: the clearances' terms
    for found in notice_problems:
        r.problem(found.field, found.message)
    sources = _strings(r, doc, "sources")
    unknown = _strings(r, doc, "unknown")
    events = _events(r, doc, parties)
    if r.problems:
        raise InvalidInput(r.problems, source=source)
    assert agreement_id and short_name and parties and signed and term
    agreement = Agreement(
        id=agreement_id,
        short_name=short_name,
        parties=parties,
        signed=signed,
        term_years=term,
        title=str(doc.get("title", "")),
        title_ru=str(doc.get("title_ru", "")),
        signed_at=doc.get("signed_at") if isinstance(doc.get("signed_at"), str) else None,
        entry_into_force=eif,
        extension_years=extension,
        max_extensions=1 if max_ext is None else max_ext,
        renewal=renewal,
        termination_notice_days=notice,
        purposes=tuple(purposes),
        other_purposes_by_mutual_consent=bool(other),
        caps=caps,
        caps_raisable_by_mutual_agreement=raisable,
        sources=sources,
        unknown=unknown,
        document=doc,
    )
    return agreement, events


def _parties(r: _Reader, doc: Mapping[str, Any]) -> tuple[str, str] | None:
    parties = r.get(doc, "parties", "parties", list, required=True)
    if parties is None:
        return None
    if len(parties) != 2:
        r.problem(
            "parties",
            Said.of(
                "must_name_exactly_two_parties",
                "must name exactly two parties, not {parties_count}",
                parties_count=len(parties),
            ),
        )
        return None
    for i, code in enumerate(parties):
        found = party_problem(code, field=f"parties[{i}]", line=r.lines.of("parties"))
        if found:
            r.problems.append(found)
    if parties[0] == parties[1]:
        r.problem("parties", Said.of("two_parties_must_differ", "the two parties must differ"))
    return None if r.problems else (parties[0], parties[1])


def _slugs(r: _Reader, doc: Mapping[str, Any], key: str) -> list[str]:
    values = r.get(doc, key, key, list) or []
    for v in values:
        if not isinstance(v, str) or not SLUG.match(v):
            r.problem(
                key, Said.of("not_lower_case_name_such", "{v!r} is not a lower-case name such as 'joint_exercise'", v=v)
            )
    return [v for v in values if isinstance(v, str)]


def _strings(r: _Reader, doc: Mapping[str, Any], key: str) -> dict[str, str]:
    table = r.get(doc, key, key, dict) or {}
    for k, v in table.items():
        if not isinstance(v, str):
            r.problem(f"{key}.{k}", Said.of("must_text_not_4", "must be text, not {v!r}", v=v))
    return {k: v for k, v in table.items() if isinstance(v, str)}


#: The [caps] key saying whether an auxiliary (a fleet tanker) counts against the warship cap.
AUXILIARIES = "auxiliaries_count_as_warships"


def _caps(r: _Reader, doc: Mapping[str, Any]) -> tuple[Caps, bool]:
    table = r.get(doc, "caps", "caps", dict)
    if table is None:
        return Caps(), False
    values = {k: r.count(table, k, f"caps.{k}", minimum=0) for k in ("warships", "aircraft", "personnel")}
    raisable = r.get(table, "raisable_by_mutual_agreement", "caps.raisable_by_mutual_agreement", bool)
    auxiliaries = r.get(table, AUXILIARIES, f"caps.{AUXILIARIES}", bool)
    if auxiliaries is False:
        r.problem(
            f"caps.{AUXILIARIES}",
            Said.of(
                "auxiliaries_outside_cap_unsupported",
                "the register counts every ship of a deployment against the warship cap: "
                "an agreement leaving auxiliaries out cannot be administered yet",
            ),
        )
    return Caps(**values), bool(raisable)


def _events(r: _Reader, doc: Mapping[str, Any], parties: tuple[str, str] | None) -> list[AgreementEvent]:
    items = r.get(doc, "events", "events", list) or []
    events: list[AgreementEvent] = []
    kinds = {k.value for k in EventKind}
    for i, item in enumerate(items):
        path = f"events.{i}"
        if not isinstance(item, dict):
            r.problem("events", Said.of("entry_must_table_events", "entry {i} must be a table ([[events]])", i=i + 1))
            continue
        kind = r.get(item, "kind", f"{path}.kind", str, required=True)
        if kind is not None and kind not in kinds:
            r.problem(
                f"{path}.kind",
                Said.of("not_one_7", "{kind!r} is not one of {kinds}", kind=kind, kinds=", ".join(sorted(kinds))),
            )
            kind = None
        on = r.get(item, "date", f"{path}.date", date, required=True)
        source = r.get(item, "source", f"{path}.source", str, required=True)
        party = r.get(item, "party", f"{path}.party", str)
        if party is not None and parties is not None and party not in parties:
            r.problem(
                f"{path}.party",
                Said.of(
                    "not_one_parties",
                    "{party} is not one of the parties {parties}",
                    party=party,
                    parties=", ".join(parties),
                ),
            )
        effective = r.get(item, "effective", f"{path}.effective", date)
        note = r.get(item, "note", f"{path}.note", str) or ""
        if kind and on and source:
            events.append(AgreementEvent(EventKind(kind), on, source, party, effective, note, origin="file"))
    return events
