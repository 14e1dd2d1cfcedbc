"""`relos plan check` of a 100,000-row plan as a whole process, with baselines measured in the same run.

The plan (CSV, and the same rows as a JSON list) is the one of bench_deployments.py: 100,000 rows over a
10-year horizon on a fresh SQLite database. Printed:
1. `relos plan check PLAN --json > file`, CSV and JSON, as a whole process (target: under 1.5 s), beside
   `python -c pass`;
2. in one process, after a first small check: the check alone, and writing its JSON result as the command
   does (orjson, one line into a file) beside the standard library's json.dumps(indent=2), as it wrote before.

Medians of --repeats runs (default 5). Run: .venv/bin/python benchmarks/bench_plan_check.py
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from bench_deployments import OPERATOR, _csv, _database, _plan_rows
from process_timing import BIN, median_seconds, report, run
from relos.cli.common import json_bytes
from relos.services.deployments.plan_check import check_plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = _database(tmp)
        rows = _plan_rows(args.rows, random.Random(5))
        plans = {"csv": Path(tmp) / "plan.csv", "json": Path(tmp) / "plan.json"}
        plans["csv"].write_text(_csv(rows), encoding="utf-8")
        plans["json"].write_text(json.dumps(rows, indent=1), encoding="utf-8")
        env = {"RELOS_DATA_DIR": tmp, "RELOS_DATABASE_URL": db.url}
        floor = run([str(BIN / "python"), "-c", "pass"], args.repeats)
        for kind, plan in plans.items():
            out = Path(tmp) / f"result-{kind}.json"
            command = ["sh", "-c", 'exec "$0" plan check "$1" --json > "$2"', str(BIN / "relos"), str(plan), str(out)]
            whole = run(command, args.repeats, env)
            report(f"relos plan check {args.rows:,}-row {kind.upper()} --json", whole, floor, "python -c pass")
            print(f"  result {out.stat().st_size / 1e6:.1f} MB, exit 1 when some rows are rejected")
        text = plans["csv"].read_text(encoding="utf-8")
        check_plan(db.uow(), actor=OPERATOR, text=_csv(rows[:10]), name="warm.csv")
        result = check_plan(db.uow(), actor=OPERATOR, text=text, name="plan.csv")
        n = max(1, args.repeats // 2)
        checked = median_seconds(lambda: check_plan(db.uow(), actor=OPERATOR, text=text, name="plan.csv"), n)
        written = median_seconds(lambda: json_bytes(result), n)
        before = median_seconds(lambda: json.dumps(result, ensure_ascii=False, indent=2, default=str).encode(), n)
        print(f"in one process: check {checked * 1000:.0f} ms; writing the result {written * 1000:.0f} ms, "
              f"baseline json.dumps(indent=2) {before * 1000:.0f} ms -> {before / written:.0f}x faster")  # fmt: skip
        print(f"admitted {result['admitted']:,}, rejected {result['rejected']:,}; target: whole process under 1.5 s")
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
