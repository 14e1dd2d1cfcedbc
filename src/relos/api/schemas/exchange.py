"""The body the partner's instance posts to this instance's inbox, and the answer: a signed exchange bundle
(relos.services.exchange.bundles; docs/exchange.md); and the bodies of a proposal needing both parties and of its
decline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ExchangeBundle(BaseModel):
    """A bundle of signed documents from one party's instance to the other's, itself signed."""

    format: str = Field(description='"relos-exchange-bundle"')
    version: int
    sender: str = Field(description="the sending party, ISO 3166-1 alpha-3")
    receiver: str = Field(description="the receiving party")
    created_at: str
    count: int = Field(description="how many documents it holds")
    key: str = Field(description="SHA-256 (hex) of the sender's public key that signed it")
    documents: list[dict[str, Any]] = Field(description="each signed on its own (docs/exchange.md)")
    signature: str = Field(description="Ed25519, base64, over the RFC 8785 form of all the other fields")


class EventProposalIn(BaseModel):
    """An agreement event needing both parties, proposed to the partner: an extension by mutual consent (this
    party's consent, given on `date`) or a termination by consent (taking effect on `effective`)."""

    model_config = ConfigDict(extra="forbid")
    agreement_id: str = Field(min_length=1, max_length=64)
    kind: str = Field(max_length=40, description="extension_consent or termination_by_consent")
    date: dt.date
    source: str = Field(min_length=1, max_length=2_000, description="the note or letter that gives it")
    effective: dt.date | None = Field(default=None, description="a termination's first day no longer in force")
    note: str = Field(default="", max_length=2_000)


class DeclineIn(BaseModel):
    """Why the partner's proposal is declined."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(max_length=2_000)
