"""Parties are states, named by ISO 3166-1 alpha-3 codes."""

from __future__ import annotations

import re

from relos.domain.errors import FieldProblem

_ALPHA3 = re.compile(r"^[A-Z]{3}$")

# Officially assigned ISO 3166-1 alpha-3 codes (ISO 3166 Maintenance Agency, public list).
ISO3166_ALPHA3: frozenset[str] = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
    BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
    COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
    KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
    MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
    SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
    VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()  # noqa: SIM905 - a compact table reads better than 249 lines
)


def party_problem(code: object, *, field: str, line: int | None = None) -> FieldProblem | None:
    """None when `code` is an assigned ISO 3166-1 alpha-3 code, else the problem naming `field`."""
    if not isinstance(code, str) or not _ALPHA3.match(code):
        return FieldProblem.of(
            field,
            "not_iso_3166_1_alpha",
            "{code!r} is not an ISO 3166-1 alpha-3 code (e.g. IND, RUS)",
            line=line,
            code=code,
        )
    if code not in ISO3166_ALPHA3:
        return FieldProblem.of(
            field,
            "not_assigned_iso_3166_1",
            "{code!r} is not an assigned ISO 3166-1 alpha-3 code",
            line=line,
            code=code,
        )
    return None
