"""People: a user of one party holding roles, and the pure rules about them — names, passwords,
the lock-out after repeated failed sign-ins, and the lifetime of sessions and API tokens.

The lock-out counts failures per account *and client address*: five in a row from one address lock the
account for that address only, so that someone who knows a user's name cannot lock the user out from
elsewhere; a ceiling far higher, of failures from all addresses together, locks it for every address
against guessing spread over many addresses.
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
#: Lock-out: this many failed sign-ins in a row from one client address (within FAILURES_REMEMBERED) lock the
#: account for LOCKOUT_PERIOD, for that address only.
MAX_FAILED_SIGN_INS = 5
#: ... and this many from all addresses together within LOCKOUT_PERIOD lock it for every address.
MAX_FAILED_SIGN_INS_PER_ACCOUNT = 100
LOCKOUT_PERIOD = timedelta(minutes=15)
#: An address's failures are forgotten this long after the first of them (or after its lock began).
FAILURES_REMEMBERED = timedelta(days=1)
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
    """A lock-out counter of one account: of the failures from one client address, or from all together.
    `counted_since` is when counting began (or the lock, which starts counting afresh); None: nothing counted."""

    failed_sign_ins: int = 0
    locked_until: datetime | None = None
    counted_since: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime, *, limit: int, window: timedelta) -> SignInState:
        """One more failure; failures counted since longer than `window` ago are forgotten first, and the
        `limit`-th locks for LOCKOUT_PERIOD and starts counting afresh."""
        failures = self.failed_sign_ins
        since = self.counted_since
        if since is None or now - since >= window:
            failures, since = 0, now
        failures += 1
        if failures >= limit:
            return SignInState(0, now + LOCKOUT_PERIOD, now)
        return SignInState(failures, self.locked_until, since)


@dataclass(frozen=True)
class SignInLocks:
    """Both counters that decide whether a password may be tried: the account's from this client address,
    and the account's from all addresses together."""

    from_address: SignInState
    account: SignInState

    def locked_at(self, now: datetime) -> bool:
        return self.from_address.locked_at(now) or self.account.locked_at(now)

    def after_failure(self, now: datetime) -> SignInLocks:
        return SignInLocks(
            self.from_address.after_failure(now, limit=MAX_FAILED_SIGN_INS, window=FAILURES_REMEMBERED),
            self.account.after_failure(now, limit=MAX_FAILED_SIGN_INS_PER_ACCOUNT, window=LOCKOUT_PERIOD),
        )


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
