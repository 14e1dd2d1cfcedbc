"""The browser side of the whole-life walk (tests/e2e/test_browser_whole_life.py): a `Walker` signs people in and
out of one Chromium page, and at every page it reaches keeps a screenshot and runs axe-core, collecting each
serious or critical violation with the page and step it was found on."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e.test_browser_sign_in import PASSWORD

from relos.web.planning.assets import node_modules

SHOTS = Path(os.environ.get("RELOS_SCREENSHOT_DIR", "/tmp"))
AXE = node_modules() / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")


def plain(text: str) -> str:
    """Text with the narrow and no-break spaces locales put in numbers made plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@dataclass
class Walker:
    """One language's walk in one page: who is signed in, the screenshots taken and what axe found."""

    page: Any
    server: str
    lang: str
    problems: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(f"{self.server}{path}")

    def sign_in(self, user_id: str, password: str = PASSWORD) -> None:
        """Sign out whoever is signed in, sign in as `user_id`, and land on the overview in the walk's language."""
        self.go("/")
        if self.page.locator("#sign-out").count():
            self.page.click("#sign-out")
        self.page.wait_for_selector("#sign-in")
        self.page.fill("#user_id", user_id)
        self.page.fill("#password", password)
        self.page.click("#sign-in")
        self.page.wait_for_selector(f"html[lang={self.lang}]")
        assert self.page.locator("#sign-out").count() == 1, f"{user_id} could not sign in"

    def done(self) -> None:
        """The form went through: its page says so (a refusal would show instead)."""
        self.page.wait_for_selector("#done, #refusal, .refusal, [aria-invalid=true]")
        if not self.page.locator("#done").count():
            raise AssertionError(f"{self.page.url}: refused — {self.page.inner_text('main')[:1500]}")

    def see(self, step: str) -> None:
        """Keep this page: a screenshot named by language and step, and axe's serious findings on it."""
        page = self.page
        page.wait_for_selector(f"html[lang={self.lang}]")
        page.wait_for_load_state("networkidle")  # the maps draw what they fetch
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        self.problems += [
            f"{step} [{self.lang}] {page.url}: {v['impact']} {v['id']}: {v['help']} — "
            f"{[n['target'] for n in v['nodes']][:5]}"
            for v in found
            if v["impact"] in GRAVE
        ]
        path = SHOTS / f"relos-life-{self.lang}-{len(self.shots) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)

    def english_left(self, words: tuple[str, ...]) -> list[str]:
        """On a Russian page, which of `words` (English a staff officer would see) still show in its main part."""
        if self.lang != "ru":
            return []
        text = self.page.inner_text("main")
        return [w for w in words if re.search(rf"\b{re.escape(w)}\b", text)]
