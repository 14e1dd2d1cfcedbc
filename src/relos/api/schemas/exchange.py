"""The body the partner's instance posts to this instance's inbox, and the answer: a signed exchange bundle
(relos.services.exchange.bundles; docs/exchange.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


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
