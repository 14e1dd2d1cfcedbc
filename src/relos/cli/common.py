"""What every command shares: the database, the clock, the acting operator, JSON output and exit codes.

Exit codes: 0 ok, 1 a rule of an agreement is violated, 2 bad input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import orjson
import typer
from rich.console import Console

from relos.clock import Clock
from relos.domain.actor import Actor
from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RelosError, RuleViolated
from relos.settings import Settings

if TYPE_CHECKING:  # the database layer (SQLAlchemy) loads when a command asks for the database
    from relos.db.runtime import Database

# A message is one line however narrow the terminal or pipe: the terminal folds it, a script reading the
# output (grep, a log) sees the whole sentence. Tables still fit the width.
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_RULE, EXIT_INPUT = 0, 1, 2


def database() -> Database:
    # Not the server's statement timeout: a command at the console (a migration, a check of a large database) may
    # rightly run long.
    from relos.db.runtime import Database

    return Database.from_settings(Settings(), limit_statements=False)


#: The commands' clock when pinned (tests); None: the real time, with RELOS_CLOCK_TOLERANCE_MINUTES.
CLOCK: Clock | None = None


def clock() -> Clock:
    """The present every command dates and judges by (relos.clock)."""
    return CLOCK if CLOCK is not None else Clock.from_settings(Settings())


def operator() -> Actor:
    """The CLI runs on the host with direct database access: it acts as the local operator."""
    import getpass

    return Actor.operator(f"cli:{getpass.getuser()}")


#: What the standard library's json.dumps(default=str) writes for the values orjson would write its own way.
_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def json_bytes(value: Any, *, pretty: bool = False) -> bytes:
    """UTF-8 JSON, one line (or indented by two when `pretty`), ending in a newline; values JSON
    does not know (dates, decimals…) are written as their str(), as json.dumps(default=str) would."""
    option = _JSON_OPTIONS | orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if pretty else 0)
    return orjson.dumps(value, default=str, option=option)


def print_json(value: Any) -> None:
    """JSON on stdout: indented for a person at a terminal, one compact line for a pipe or a file."""
    out = sys.stdout
    data = json_bytes(value, pretty=out.isatty())
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn RELOS errors into a message on stderr and the documented exit code."""
    try:
        yield
    except InvalidInput as exc:
        for p in exc.problems:
            where = f"{exc.source}: " if exc.source else ""
            where += f"line {p.line}: " if p.line is not None else ""
            err_console.print(f"[red]error:[/red] {where}{p.field}: {p.message}", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    except (RuleViolated, Conflict, Forbidden) as exc:
        fail(str(exc), EXIT_RULE)
    except NotFound as exc:
        fail(str(exc), EXIT_INPUT)
    except RelosError as exc:
        fail(str(exc), EXIT_INPUT)


def parse_day(value: str | None, *, option: str) -> date:
    if value is None:
        return clock().today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)")


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator form of `handled` for command functions."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with handled():
            return fn(*args, **kwargs)

    return wrapper
