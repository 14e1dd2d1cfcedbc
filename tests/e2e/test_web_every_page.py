"""No page prints "None" and no page has an empty card: every page reachable by its links from the landing page,
for users of both parties and in both languages, rendered from a populated database (tests/e2e/populated_world.py)
on both databases. The pages' Jinja environment turns a missing value into an em dash; a clearance's step taken
from the relos command on the host (whose operator has no party) says so in words."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from tests.e2e import web_helpers as w
from tests.e2e.populated_world import World, populate

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.clearances import host as clearance_host
from relos.web.common import TEMPLATES

NONE = re.compile(r"\bNone\b")
LINK = re.compile(r'href="(/[^"#]*)"')
NOT_PAGES = re.compile(r"^/(static|docs|api)/|\.(txt|pdf|csv|json)(\?|$)|[?&]lang=")
USERS = ("ind.requester", "rus.commander", "ind.clearance", "rus.finance", "ind.admin")
STATEMENT = "/ledger/statement?agreement=relos-ind-rus&period=2026"
EACH = 12  # pages of one kind (first part of the path, e.g. /facilities/…) a user's walk visits at most


@pytest.fixture
def world(orders_db: Database) -> World:
    return populate(orders_db)


@pytest.fixture
def asked_from_the_command(orders_db: Database, world: World) -> str:
    """A port-call notice the host's operator asked more information on, from the relos command (no party)."""
    notice = w.port_call_for(orders_db, w.india_deployment(orders_db, ships=1, days_ahead=45, first=50))
    clearance_host.request_information(
        orders_db.uow(), actor=Actor.operator("cli:duty"), clearance_id=notice["id"], questions="Pilot needed?"
    )
    return str(notice["id"])


@pytest.fixture
def client(orders_db: Database, world: World, asked_from_the_command: str) -> Iterator[TestClient]:
    with w.client_for(orders_db) as c:
        yield c


class _Cards(HTMLParser):
    """The text of each `<section class="card…">` outside its headings: an empty one is a heading alone."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[tuple[str, str]] = []  # (id or heading, text under the heading)
        self._depth = 0
        self._heading = 0
        self._name = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" and "card" in (found.get("class") or "").split():
            self._depth, self._name, self._text = 1, found.get("id") or "", []
        elif self._depth and tag == "section":
            self._depth += 1
        if self._depth and tag in ("h1", "h2", "h3"):
            self._heading += 1
        if self._depth and tag in ("input", "select", "textarea", "table", "svg", "img", "button"):
            self._text.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag in ("h1", "h2", "h3"):
            self._heading -= 1
        if self._depth and tag == "section":
            self._depth -= 1
            if not self._depth:
                self.cards.append((self._name, "".join(self._text).strip()))

    def handle_data(self, data: str) -> None:
        if self._depth and not self._heading:
            self._text.append(data)
        elif self._depth and self._heading and not self._name:
            self._name = data.strip()


def empty_cards(page: str) -> list[str]:
    parser = _Cards()
    parser.feed(page)
    return [name or "?" for name, text in parser.cards if not text]


def walk(client: TestClient, lang: str, also: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page reachable by links from the landing page (and from `also`)."""
    seen = {"/", *also}
    queue = deque(["/", *also])
    kinds: Counter[str] = Counter()
    while queue:
        path = queue.popleft()
        kind = path.split("?")[0].rstrip("/").rsplit("/", 1)[0] if path.count("/") > 1 else path.split("?")[0]
        kinds[kind] += 1
        if kinds[kind] > EACH:
            continue
        r = client.get(path, params={"lang": lang})
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        yield path, r.text
        for link in LINK.findall(r.text):
            link = link.replace("&amp;", "&")
            if link not in seen and not NOT_PAGES.search(link) and link != "/sign-out":
                seen.add(link)
                queue.append(link)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_page_prints_none_nor_shows_an_empty_card(
    client: TestClient, world: World, asked_from_the_command: str, lang: str
) -> None:
    wrong: dict[str, list[str]] = {}
    visited = 0
    for user in USERS:
        w.sign_in(client, user)
        extra = (f"/clearances/{asked_from_the_command}", f"/deployments/{world.crowded}", "/audit", STATEMENT)
        for path, page in walk(client, lang, extra):
            visited += 1
            found = [f"None at …{m.string[max(0, m.start() - 60) : m.end()]}" for m in NONE.finditer(page)]
            found += [f"empty card {name}" for name in empty_cards(page)]
            if found:
                wrong[f"{user} {path}"] = found
    assert visited > 40 and wrong == {}


def test_a_clearance_step_taken_from_the_command_line_says_who_in_words(
    client: TestClient, asked_from_the_command: str
) -> None:
    w.sign_in(client, "rus.clearance")
    path = f"/clearances/{asked_from_the_command}"
    en = client.get(path, params={"lang": "en"}).text.split('id="history"')[1]
    ru = client.get(path, params={"lang": "ru"}).text.split('id="history"')[1]
    assert "<td>cli:duty · relos command (operator)</td><td>more information asked</td>" in en
    assert "<td>cli:duty · команда relos (оператор)</td><td>запрошены дополнительные сведения</td>" in ru
    assert "None" not in en and "None" not in ru


def test_the_pages_templates_print_a_missing_value_as_an_em_dash() -> None:
    template = TEMPLATES.env.from_string("{{ party }} · {{ note }} · {{ 0 }} · {{ '' }}|")
    assert template.render(party=None, note="x") == "— · x · 0 · |"
