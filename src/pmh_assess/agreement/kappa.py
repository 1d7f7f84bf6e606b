"""Cohen's kappa and weighted kappa for two raters, with large-sample confidence intervals.

The table is square: rows are one rater's levels, columns the other's, both in the same
order (best first). Weights give partial credit to near misses on an ordered scale:
linear `1 - |i-j|/(k-1)` (Cicchetti-Allison) or quadratic `1 - (i-j)²/(k-1)²`
(Fleiss-Cohen); unweighted kappa credits exact agreement only.

The standard error is the large-sample (non-null) one of Fleiss, Cohen and Everitt
(1969), the one SAS PROC FREQ reports as ASE; the interval is kappa ± z·SE, clipped to
[-1, 1]. With few pairs it is rough: the number of pairs is always reported beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

Weighting = Literal["none", "linear", "quadratic"]


@dataclass(frozen=True)
class Kappa:
    """A kappa with its standard error and confidence interval; None where undefined."""

    value: float | None
    se: float | None
    low: float | None
    high: float | None
    why: str | None = None  # why the value is undefined, when it is


ONE_PAIR = "one pair: kappa needs two or more"
ALL_ONE_LEVEL = "both raters gave every pair the same single level, so chance agreement is total"


def agreement_weights(k: int, weighting: Weighting) -> np.ndarray:
    """k x k agreement weights: 1 on the diagonal, less the further apart two levels are."""
    import numpy as np  # imported on first use: commands that never compute kappa skip it

    i, j = np.indices((k, k))
    if weighting == "none" or k < 2:
        exact: np.ndarray = (i == j).astype(float)
        return exact
    distance = np.abs(i - j) / (k - 1)
    weights: np.ndarray = 1.0 - (distance if weighting == "linear" else distance**2)
    return weights


def cohen_kappa(
    table: np.ndarray | list[list[int]],
    weighting: Weighting = "none",
    confidence: float = 0.95,
) -> Kappa:
    """Kappa of a square table of counts; undefined (None) when chance agreement is total."""
    import numpy as np

    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError("a kappa needs a square table")
    n = counts.sum()
    if n <= 0:
        return Kappa(None, None, None, None, "no pairs")
    if n < 2:
        return Kappa(None, None, None, None, ONE_PAIR)
    p = counts / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    w = agreement_weights(counts.shape[0], weighting)
    observed = float((w * p).sum())
    expected = float((w * np.outer(rows, cols)).sum())
    if math.isclose(expected, 1.0):
        return Kappa(None, None, None, None, ALL_ONE_LEVEL)
    kappa = (observed - expected) / (1 - expected)
    # Fleiss, Cohen & Everitt (1969): variance of (weighted) kappa when kappa is not 0.
    row_w = w @ cols  # mean weight of row level i against the column rater's levels
    col_w = rows @ w
    spread = (p * (w - (row_w[:, None] + col_w[None, :]) * (1 - kappa)) ** 2).sum()
    variance = (spread - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2)
    se = math.sqrt(max(float(variance), 0.0))
    from scipy.stats import norm  # here, not at the top: scipy takes ~1 s to import

    z = float(norm.ppf(0.5 + confidence / 2))
    return Kappa(kappa, se, max(-1.0, kappa - z * se), min(1.0, kappa + z * se))
