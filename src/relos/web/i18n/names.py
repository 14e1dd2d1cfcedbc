"""What a code names, as the page's reader calls it: a facility, ship class, aircraft type or agreement by its
name in the reference data (Russian where the data has it, else English: never the code alone), and a party
(ISO 3166 alpha-3) by its country's name in the language (Babel's CLDR territory names).

A deployment, clearance or order a refusal names by its id is said by its human reference.

One `Names` per rendered page, reading the catalogue through the services the first time a name is asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from babel import Locale
from babel.core import get_global

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.facilities.model import Facility
from relos.domain.references import RecordKind
from relos.services.agreements.register import list_agreements
from relos.services.facilities import catalogue
from relos.services.references import reference_of


@dataclass
class Names:
    database: Database | None
    actor: Actor | None
    lang: str

    def facility(self, facility_id: str) -> str:
        found = self._facilities.get(facility_id)
        if found is None:
            return facility_id
        russian = found.russian_name if self.lang == "ru" else ""
        return russian or found.name_en

    def facility_record(self, facility_id: str) -> Facility | None:
        return self._facilities.get(facility_id)

    def ship_class(self, class_id: str) -> str:
        return self._ship_classes.get(class_id, class_id)

    def aircraft_type(self, type_id: str) -> str:
        return self._aircraft_types.get(type_id, type_id)

    def agreement(self, agreement_id: str) -> str:
        return self._agreements.get(agreement_id, agreement_id)

    def record(self, kind: RecordKind, record_id: str) -> str:
        """A deployment, clearance or order by its reference (RUS-DEP-2027-0014); its id when it has none the
        reader may see."""
        if self.database is None or self.actor is None:
            return record_id
        found = reference_of(self.database.uow(), actor=self.actor, kind=kind, record_id=record_id)
        return found or record_id

    def party(self, code: str) -> str:
        """The country's name in the page's language (IND: India / Индия); the code when it names none."""
        aliases = get_global("territory_aliases")
        alpha2 = str((aliases.get(code) or [code])[0])
        return str(Locale.parse(self.lang).territories.get(alpha2, code))

    @cached_property
    def _facilities(self) -> dict[str, Facility]:
        if self.database is None or self.actor is None:
            return {}
        return {v.facility.id: v.facility for v in catalogue.list_facilities(self.database.uow(), actor=self.actor)}

    @cached_property
    def _ship_classes(self) -> dict[str, str]:
        if self.database is None or self.actor is None:
            return {}
        classes = catalogue.list_ship_classes(self.database.uow(), actor=self.actor)
        return {c.id: (c.name_ru if self.lang == "ru" and c.name_ru else c.name) for c in classes}

    @cached_property
    def _aircraft_types(self) -> dict[str, str]:
        if self.database is None or self.actor is None:
            return {}
        return {a.id: a.name for a in catalogue.list_aircraft_types(self.database.uow(), actor=self.actor)}

    @cached_property
    def _agreements(self) -> dict[str, str]:
        if self.database is None or self.actor is None:
            return {}
        today = datetime.now(UTC).date()
        views = list_agreements(self.database.uow(), actor=self.actor, at=today)
        return {v.agreement.id: v.agreement.short_name for v in views}
