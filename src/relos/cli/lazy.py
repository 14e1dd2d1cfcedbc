"""A command group whose commands load when they run: `relos --help` imports none of them.

Each lazy entry names the module and attribute of a Typer sub-app (a group) or of a command function,
with the one-line help `relos --help` shows for it. The help lists every entry without importing it;
running an entry (or asking for its own help) imports its module then, and builds it exactly as
`Typer.add_typer` / `Typer.command` would. A test checks that each help line matches what the loaded
command says of itself.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import typer
from typer.core import TyperCommand, TyperGroup

from relos.cli.process import resume_collector


@dataclass(frozen=True)
class Lazy:
    """One command or group loaded on demand: `module:attribute` and the help line it shows."""

    kind: Literal["command", "group"]
    target: str  # "package.module:attribute"
    help: str

    def load(self, name: str) -> Any:
        """Import the module and build the click command as the eager registration would."""
        module, _, attribute = self.target.partition(":")
        obj = getattr(importlib.import_module(module), attribute)
        holder = typer.Typer(add_completion=False)
        if self.kind == "group":
            holder.add_typer(obj, name=name)
        else:
            holder.command(name)(obj)
        return typer.main.get_group(holder).commands[name]


class _Unloaded(TyperCommand):
    """What a lazy entry is until it runs: a name and a help line."""


class LazyGroup(TyperGroup):
    """The top-level group: eager commands as usual, plus the entries of `entries`, loaded when used.

    `entries` (set by `lazy_group`) lists commands first, then groups, in the order `--help` shows them;
    eager commands sit between the two, as Typer orders commands before groups.
    """

    entries: ClassVar[dict[str, Lazy]] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        eager = dict(self.commands)
        ordered: dict[str, Any] = {}
        for kind in ("command", "group"):
            ordered.update({name: _Unloaded(name, help=e.help) for name, e in self.entries.items() if e.kind == kind})
            if kind == "command":
                ordered.update(eager)
        self.commands = ordered
        self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = self.commands.get(cmd_name)
        if isinstance(cmd, _Unloaded) and not self._listing:
            cmd = self.commands[cmd_name] = self.entries[cmd_name].load(cmd_name)
        if not self._listing:
            resume_collector()  # the command is loaded: what runs from here is the command's own work
        return cmd

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """List every command by its help line without loading any of them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def lazy_group(entries: dict[str, Lazy]) -> type[LazyGroup]:
    """A LazyGroup class carrying `entries`, to pass as `typer.Typer(cls=...)`."""
    return type("RelosGroup", (LazyGroup,), {"entries": entries})
