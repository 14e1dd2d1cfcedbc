"""People: a user of one party holding roles, and the pure rules about them — names, passwords,
the lock-out after repeated failed sign-ins, and the lifetime of sessions and API tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem
from relos.domain.parties import party_problem

USER_ID = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
RESERVED_USER_IDS = frozenset({"operator", "api", "admin", "root", "system"})
LANGUAGES = ("en", "ru")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1_024
#: Lock-out: this many failed sign-ins in a row lock the account for LOCKOUT_PERIOD.
MAX_FAILED_SIGN_INS = 5
LOCKOUT_PERIOD = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MAX_TOKEN_LIFETIME = timedelta(days=366)


@dataclass(frozen=True)
class User:
    """A person (or program) of one party; `roles` say what they may do there."""

    user_id: str
    party: str
    roles: frozenset[Role]
    display_name: str = ""
    language: str = "en"
    disabled: bool = False

    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, party=self.party, roles=self.roles)

    def summary(self) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "party": self.party,
            "roles": sorted(r.value for r in self.roles),
            "display_name": self.display_name,
            "language": self.language,
            "disabled": self.disabled,
        }


@dataclass(frozen=True)
class SignInState:
    """The lock-out counters of one user."""

    failed_sign_ins: int = 0
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> SignInState:
        """One more failure; the MAX_FAILED_SIGN_INS-th locks the account and starts counting afresh."""
        failures = self.failed_sign_ins + 1
        if failures >= MAX_FAILED_SIGN_INS:
            return SignInState(0, now + LOCKOUT_PERIOD)
        return SignInState(failures, self.locked_until)


def user_problems(
    *, user_id: str, party: str, roles: Iterable[str], language: str = "en", display_name: str = ""
) -> list[FieldProblem]:
    """What is wrong with a new user's particulars (each problem names its field)."""
    problems: list[FieldProblem] = []
    if not USER_ID.match(user_id):
        problems.append(
            FieldProblem.of(
                "user_id",
                "must_2_64_z_0",
                "{user_id!r} must be 2–64 of a-z 0-9 . _ - and start with a letter",
                user_id=user_id,
            )
        )
    elif user_id in RESERVED_USER_IDS:
        problems.append(FieldProblem.of("user_id", "reserved", "{user_id!r} is reserved", user_id=user_id))
    found = party_problem(party, field="party")
    if found:
        problems.append(found)
    known = {r.value for r in Role}
    role_list = list(roles)
    if not role_list:
        problems.append(FieldProblem.of("roles", "user_needs_least_one_role", "a user needs at least one role"))
    for role in role_list:
        if role not in known:
            problems.append(
                FieldProblem.of(
                    "roles", "not_one_2", "{role!r} is not one of {known}", role=role, known=", ".join(sorted(known))
                )
            )
    if language not in LANGUAGES:
        problems.append(
            FieldProblem.of(
                "language",
                "not_one",
                "{language!r} is not one of {LANGUAGES}",
                language=language,
                LANGUAGES=", ".join(LANGUAGES),
            )
        )
    if len(display_name) > 200:
        problems.append(FieldProblem.of("display_name", "must_most_200_characters", "must be at most 200 characters"))
    return problems


def password_problems(password: str, *, user_id: str = "") -> list[FieldProblem]:
    """A password must be long; length beats composition rules (NIST SP 800-63B, section 5.1.1.2)."""
    problems: list[FieldProblem] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            FieldProblem.of(
                "password",
                "must_least_characters",
                "must be at least {MIN_PASSWORD_LENGTH} characters",
                MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
            )
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            FieldProblem.of(
                "password",
                "must_most_characters",
                "must be at most {MAX_PASSWORD_LENGTH} characters",
                MAX_PASSWORD_LENGTH=MAX_PASSWORD_LENGTH,
            )
        )
    if user_id and user_id.lower() in password.lower():
        problems.append(FieldProblem.of("password", "must_not_contain_user_name", "must not contain the user name"))
    return problems


def token_lifetime_problems(lifetime: timedelta) -> list[FieldProblem]:
    if lifetime <= timedelta(0):
        return [FieldProblem.of("days", "token_must_live_least_one", "a token must live at least one day")]
    if lifetime > MAX_TOKEN_LIFETIME:
        return [
            FieldProblem.of(
                "days", "token_may_live_most_days", "a token may live at most {days} days", days=MAX_TOKEN_LIFETIME.days
            )
        ]
    return []
