"""ISO 4217 currencies and their minor units (digits after the decimal point).

Source: ISO 4217 "List one: currency, fund and precious metal codes", as published by
the maintenance agency SIX Financial Information (https://www.six-group.com/en/products-services/
financial-information/data-standards.html), column "Minor unit"; checked against the list
current on 2025-01-01. Only national currencies are held; codes without a minor unit
(XAU, XDR and other "N.A." entries) are deliberately absent. Add rows here, with care,
when an agreement needs another currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from relos.domain.errors import Said
from relos.domain.ledger.errors import UnknownCurrencyError

MINOR_UNITS: Mapping[str, int] = MappingProxyType(
    {
        # South Asia and partners of Indian logistics agreements
        "INR": 2,  # Indian rupee
        "RUB": 2,  # Russian ruble
        "USD": 2,  # US dollar
        "EUR": 2,  # euro
        "GBP": 2,  # pound sterling
        "JPY": 0,  # yen
        "AUD": 2,  # Australian dollar
        "CAD": 2,  # Canadian dollar
        "CHF": 2,  # Swiss franc
        "CNY": 2,  # yuan renminbi
        "KRW": 0,  # won
        "SGD": 2,  # Singapore dollar
        "IDR": 2,  # rupiah
        "VND": 0,  # dong
        "LKR": 2,  # Sri Lanka rupee
        "BDT": 2,  # taka
        "NPR": 2,  # Nepalese rupee
        "MVR": 2,  # rufiyaa
        "MUR": 2,  # Mauritius rupee
        "SCR": 2,  # Seychelles rupee
        "ZAR": 2,  # rand
        "BRL": 2,  # real
        "AED": 2,  # UAE dirham
        "SAR": 2,  # Saudi riyal
        "QAR": 2,  # Qatari rial
        "BHD": 3,  # Bahraini dinar
        "KWD": 3,  # Kuwaiti dinar
        "OMR": 3,  # Rial Omani
        "JOD": 3,  # Jordanian dinar
        "IQD": 3,  # Iraqi dinar
        "TND": 3,  # Tunisian dinar
        "LYD": 3,  # Libyan dinar
        "DJF": 0,  # Djibouti franc
        "KES": 2,  # Kenyan shilling
        "CLP": 0,  # Chilean peso
        "ISK": 0,  # Iceland krona
        "UGX": 0,  # Uganda shilling
        "XOF": 0,  # CFA franc BCEAO
        "XAF": 0,  # CFA franc BEAC
        "ILS": 2,  # new Israeli sheqel
        "EGP": 2,  # Egyptian pound
        "TRY": 2,  # Turkish lira
        "NZD": 2,  # New Zealand dollar
        "PHP": 2,  # Philippine peso
        "THB": 2,  # baht
        "MYR": 2,  # Malaysian ringgit
        "NOK": 2,  # Norwegian krone
        "SEK": 2,  # Swedish krona
        "DKK": 2,  # Danish krone
        "PLN": 2,  # zloty
        "KZT": 2,  # tenge
        "BYN": 2,  # Belarusian ruble
        "MXN": 2,  # Mexican peso
    }
)


def check_currency(code: object, *, field: str = "currency") -> str:
    """Return ``code`` when it is an ISO 4217 code we hold; otherwise raise naming ``field``."""
    if not isinstance(code, str):
        raise UnknownCurrencyError(
            Said.of("currency_must_3_letter_iso", "currency must be a 3-letter ISO 4217 code, got {code!r}", code=code),
            field=field,
        )
    if code not in MINOR_UNITS:
        hint = " (codes are upper case)" if code.upper() in MINOR_UNITS else ""
        raise UnknownCurrencyError(
            Said.of("unknown_currency", "unknown currency {code!r}{hint}", code=code, hint=hint), field=field
        )
    return code


def minor_units(code: str, *, field: str = "currency") -> int:
    """Digits after the decimal point for ``code`` (INR 2, JPY 0, BHD 3)."""
    return MINOR_UNITS[check_currency(code, field=field)]
