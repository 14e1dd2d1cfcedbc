"""How fast `relos` starts, as a whole process, with baselines measured in the same run.

1. `relos --help` beside `python -c pass` (target: at most 10x) and `pip --help` (target: no slower), and
   beside the same help with every command group imported at start, as `relos` did before its groups
   loaded on use.
2. `relos agreements list --json` and `relos facilities list --json` on a fresh SQLite database after
   `relos init` (target: under 0.5 s each), beside the same with every group imported at start, and beside
   importing alone the libraries every database command needs (SQLAlchemy's ORM, Typer with the pydantic it
   checks options and reads the settings with, Rich): what is left above that is RELOS's own.

Medians of --repeats runs (default 9) after one unmeasured run; peak memory per process.
Run: .venv/bin/python benchmarks/bench_cli_start.py [--repeats 9]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from process_timing import BIN, report, run

PYTHON = str(BIN / "python")
#: The libraries a database command cannot start without, imported alone.
LIBRARIES = "import sqlalchemy.orm, pydantic, platformdirs, typer, typer._adapters, rich.console, rich.table, orjson"
#: `relos ARGS` with every command group imported first: how the command started before.
EAGER = (
    "import importlib, sys; from relos.cli.main import LAZY, app; "
    "[importlib.import_module(e.target.partition(':')[0]) for e in LAZY.values()]; "
    "sys.argv = ['relos', *sys.argv[1:]]; app()"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    n = parser.parse_args().repeats
    with tempfile.TemporaryDirectory() as tmp:
        env = {"RELOS_DATA_DIR": tmp, "RELOS_DATABASE_URL": f"sqlite:///{tmp}/relos.sqlite3"}
        subprocess.run([str(BIN / "relos"), "init"], check=True, capture_output=True, env={**os.environ, **env})
        python = run([PYTHON, "-c", "pass"], n)
        pip = run([str(BIN / "pip"), "--help"], n)
        relos_help = run([str(BIN / "relos"), "--help"], n, env)
        report("relos --help", relos_help, python, "python -c pass")
        report("relos --help", relos_help, pip, "pip --help")
        report("relos --help", relos_help, run([PYTHON, "-c", EAGER, "--help"], n, env), "every group at start")
        libraries = run([PYTHON, "-c", LIBRARIES], n)
        for group in ("agreements", "facilities"):
            args = [group, "list", "--json"]
            listed = run([str(BIN / "relos"), *args], n, env)
            eager = run([PYTHON, "-c", EAGER, *args], n, env)
            report(f"relos {group} list --json", listed, eager, "every group at start")
            report(f"relos {group} list --json", listed, libraries, "its libraries alone")
        print("targets: --help at most 10x python -c pass and no slower than pip --help; lists under 500 ms")


if __name__ == "__main__":
    sys.exit(main())
