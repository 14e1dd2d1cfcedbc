"""Writing a plan check's verdicts (services.deployments.plan_check): instants in the JSON form, many at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

NAIVE_EPOCH = datetime(1970, 1, 1)


def iso_us(value: int) -> str:
    """The instant in the JSON form (UTC, `Z`), as `iso` writes it."""
    return (NAIVE_EPOCH + timedelta(microseconds=value)).isoformat() + "Z"


def iso_us_many(values: npt.NDArray[np.int64]) -> list[str]:
    """`iso_us` of each instant: whole seconds formatted by numpy in one call, others one by one."""
    out = [s + "Z" for s in np.datetime_as_string(values.astype("datetime64[us]"), unit="s").tolist()]
    for i in np.flatnonzero(values % 1_000_000).tolist():
        out[i] = iso_us(int(values[i]))
    return out
