"""Agreement figures for two or more raters of the same items, with bootstrap intervals.

An item (a plan's criterion) is rated by some of the raters, each on the rubric's ordered
levels. The figures, each with its n:

- percent agreement: the share of items rated by every rater on which all gave one level;
- for two raters, Cohen's kappa unweighted and weighted (linear and quadratic weights,
  see `kappa.py`), on the items both rated;
- Krippendorff's alpha with the ordinal metric (the levels are ordered; the distance
  between two levels grows with how many ratings lie between them), on every item rated
  by two or more raters, so that an item one rater left out still counts.

Every figure has a 95% percentile bootstrap interval: the items are drawn again with
replacement (2,000 times, from a fixed seed, so the same ratings give the same interval)
and the figure is worked out on each draw. A draw on which a figure is undefined (every
rating one level) is left out of its interval.

Krippendorff's alpha follows Krippendorff (2011), "Computing Krippendorff's
alpha-reliability": values are pairable within an item, each item's pairs weigh 1/(m-1)
for its m ratings, and alpha = 1 - D_o / D_e over the coincidence matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .kappa import ALL_ONE_LEVEL, ONE_PAIR, Kappa, Weighting, agreement_weights, cohen_kappa

if TYPE_CHECKING:
    import numpy as np

RESAMPLES = 2000
SEED = 0
CONFIDENCE = 0.95
MISSING = -1
INTERVAL = "95% percentile bootstrap interval over items (2,000 draws, fixed seed)"
NO_ITEMS = "no item rated by every rater"
TOO_FEW = "fewer than two items"
NO_VARIATION = "every rating is one level, so chance agreement is total"


@dataclass(frozen=True)
class Stat:
    """A figure, its bootstrap interval and the number of items it rests on."""

    value: float | None
    low: float | None
    high: float | None
    n: int
    why: str | None = None  # why the value is undefined, when it is


@dataclass(frozen=True)
class Figures:
    """Everything worked out for one set of items."""

    raters: int
    agreement: Stat  # share of items on which every rater agrees
    alpha: Stat  # Krippendorff's alpha, ordinal metric
    kappa: Kappa | None = None  # two raters only
    linear: Kappa | None = None
    quadratic: Kappa | None = None
    kappa_n: int = 0  # items both raters rated


def figures(
    codes: np.ndarray | list[list[int]],
    levels: int,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Figures:
    """The figures for an items x raters table of level indexes (0 best, MISSING for none)."""
    import numpy as np

    table = np.asarray(codes, dtype=np.int64)
    if table.ndim != 2:
        raise ValueError("expected an items x raters table")
    raters = table.shape[1]
    rng = np.random.default_rng(seed)
    complete = table[(table != MISSING).all(axis=1)]
    draws = _draws(len(complete), resamples, rng)  # the same draws for each of these figures
    agreement = _agreement(complete, draws)
    pairable = table[(table != MISSING).sum(axis=1) >= 2]
    same_items = len(pairable) == len(complete)
    alpha = _alpha(pairable, levels, draws if same_items else _draws(len(pairable), resamples, rng))
    if raters != 2:
        return Figures(raters, agreement, alpha)
    return Figures(
        raters,
        agreement,
        alpha,
        kappa=_kappa(complete, levels, "none", draws),
        linear=_kappa(complete, levels, "linear", draws),
        quadratic=_kappa(complete, levels, "quadratic", draws),
        kappa_n=len(complete),
    )


def _draws(n: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """How many times each item is drawn, per draw: a resamples x n table of counts."""
    import numpy as np

    if n < 2:
        return np.zeros((0, n))
    picked = rng.integers(0, n, size=(resamples, n), dtype=np.int32)
    flat = (picked + (n * np.arange(resamples, dtype=np.int64))[:, None]).ravel()
    counts: np.ndarray = np.bincount(flat, minlength=resamples * n).reshape(resamples, n)
    return counts.astype(float)


def _interval(values: np.ndarray) -> tuple[float | None, float | None]:
    import numpy as np

    kept = values[np.isfinite(values)]
    if not len(kept):
        return None, None
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(kept, [tail, 100 - tail])
    return float(low), float(high)


def _agreement(complete: np.ndarray, draws: np.ndarray) -> Stat:
    n = len(complete)
    if n == 0:
        return Stat(None, None, None, 0, NO_ITEMS)
    same = (complete == complete[:, :1]).all(axis=1).astype(float)
    value = float(same.mean())
    if n < 2:
        return Stat(value, None, None, n, TOO_FEW)
    low, high = _interval(draws @ same / n)
    return Stat(value, low, high, n)


def _kappa(complete: np.ndarray, levels: int, weighting: Weighting, draws: np.ndarray) -> Kappa:
    """Cohen's kappa (its value and large-sample SE from `cohen_kappa`) and a bootstrap
    interval in place of the large-sample one."""
    import numpy as np

    n = len(complete)
    cells = complete[:, 0] * levels + complete[:, 1]
    table = np.bincount(cells, minlength=levels * levels).reshape(levels, levels)
    found = cohen_kappa(table, weighting)
    if found.value is None or n < 2:
        return found
    one_hot = np.zeros((n, levels * levels))
    one_hot[np.arange(n), cells] = 1.0
    p = (draws @ one_hot / n).reshape(len(draws), levels, levels)
    w = agreement_weights(levels, weighting)
    observed = (p * w).sum(axis=(1, 2))
    expected = np.einsum("bi,bj,ij->b", p.sum(axis=2), p.sum(axis=1), w)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(np.isclose(expected, 1.0), np.nan, (observed - expected) / (1 - expected))
    low, high = _interval(values)
    return replace(found, low=low, high=high)


def _alpha(pairable: np.ndarray, levels: int, draws: np.ndarray) -> Stat:

    n = len(pairable)
    if n == 0:
        return Stat(None, None, None, 0, "no item rated by two or more raters")
    per_item = _coincidences(pairable, levels)  # items x levels²
    value = _alpha_of(per_item.sum(axis=0)[None, :], levels)[0]
    if not math.isfinite(value):
        return Stat(None, None, None, n, NO_VARIATION)
    if n < 2:
        return Stat(float(value), None, None, n, TOO_FEW)
    low, high = _interval(_alpha_of(draws @ per_item, levels))
    return Stat(float(value), low, high, n)


def _coincidences(pairable: np.ndarray, levels: int) -> np.ndarray:
    """Each item's coincidence counts (levels x levels, flattened): its ordered pairs of
    values from different raters, each weighing 1/(m-1) for the item's m values."""
    import numpy as np

    counts = np.zeros((len(pairable), levels))
    for column in pairable.T:
        rated = column != MISSING
        counts[np.flatnonzero(rated), column[rated]] += 1
    m = counts.sum(axis=1)
    pairs = counts[:, :, None] * counts[:, None, :]
    pairs[:, np.arange(levels), np.arange(levels)] -= counts
    out: np.ndarray = (pairs / (m - 1)[:, None, None]).reshape(len(pairable), levels * levels)
    return out


def _alpha_of(coincidence: np.ndarray, levels: int) -> np.ndarray:
    """Ordinal alpha of each row's flattened coincidence matrix (NaN where undefined)."""
    import numpy as np

    o = coincidence.reshape(-1, levels, levels)
    marginal = o.sum(axis=2)  # n_c
    total = marginal.sum(axis=1)  # n
    # ordinal metric: (sum of n_g for g from c to k, less half of n_c and n_k) squared
    cumulative = np.cumsum(marginal, axis=1)
    c, k = np.indices((levels, levels))
    lo, hi = np.minimum(c, k), np.maximum(c, k)
    before = np.where(lo > 0, cumulative[:, np.maximum(lo - 1, 0)], 0.0)
    between = cumulative[:, hi] - before
    delta = (between - (marginal[:, c] + marginal[:, k]) / 2) ** 2
    delta = np.where(c == k, 0.0, delta)
    observed = (o * delta).sum(axis=(1, 2))
    expected = (marginal[:, :, None] * marginal[:, None, :] * delta).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha: np.ndarray = np.where(expected > 0, 1 - (total - 1) * observed / expected, np.nan)
    return alpha


__all__ = [
    "ALL_ONE_LEVEL",
    "INTERVAL",
    "MISSING",
    "ONE_PAIR",
    "Figures",
    "Stat",
    "figures",
]
