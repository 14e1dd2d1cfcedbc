"""Signed cookies, CSRF tokens and the choice of language."""

from __future__ import annotations

from relos.services.people.credentials import csrf_token, csrf_valid, new_secret, secret_hash, sign, unsign
from relos.web.i18n import CATALOGUE, choose_language, from_accept_language, translator

KEY = b"k" * 32


def test_a_signed_value_comes_back_only_under_the_same_key_and_purpose() -> None:
    signed = sign(KEY, "abc")
    assert unsign(KEY, signed) == "abc"
    assert unsign(b"x" * 32, signed) is None
    assert unsign(KEY, signed, purpose="pre-session") is None


def test_a_forged_or_garbled_cookie_is_refused() -> None:
    assert unsign(KEY, "abc.forged") is None
    assert unsign(KEY, "no-dot") is None
    assert unsign(KEY, None) is None
    assert unsign(KEY, sign(KEY, "abc")[:-1]) is None


def test_csrf_token_is_bound_to_its_session() -> None:
    token = csrf_token(KEY, "session-1")
    assert csrf_valid(KEY, "session-1", token)
    assert not csrf_valid(KEY, "session-2", token)
    assert not csrf_valid(KEY, "session-1", "")


def test_secrets_are_random_and_only_their_hash_is_kept() -> None:
    a, b = new_secret("relos_"), new_secret("relos_")
    assert a != b and a.startswith("relos_") and len(a) > 40
    assert len(secret_hash(a)) == 64 and secret_hash(a) != a


def test_browser_preference_picks_russian_by_quality() -> None:
    assert from_accept_language("de-DE,ru;q=0.9,en;q=0.8") == "ru"
    assert from_accept_language("en-GB,en;q=0.9,ru;q=0.8") == "en"
    assert from_accept_language("fr, de") is None
    assert from_accept_language("ru;q=0, en;q=0.1") == "en"


def test_explicit_choice_beats_the_user_setting_beats_the_browser() -> None:
    assert choose_language(query="ru", cookie="en", user="en", accept="en") == "ru"
    assert choose_language(query=None, cookie=None, user="ru", accept="en") == "ru"
    assert choose_language(query="xx", cookie=None, user=None, accept="ru-RU") == "ru"
    assert choose_language(query=None, cookie=None, user=None, accept=None) == "en"


def test_both_languages_have_every_label() -> None:
    assert set(CATALOGUE["en"]) == set(CATALOGUE["ru"])
    assert translator("ru")("status.in_force") == "действует"
    assert translator("en")("no.such.key") == "no.such.key"
