"""Kappa and weighted kappa against published worked examples, to 3 decimals.

Sources of the expected values:
- Cohen's kappa, Wikipedia "Cohen's kappa", worked example: 50 proposals, both say yes 20,
  A yes / B no 5, A no / B yes 10, both no 15: p_o 0.7, p_e 0.5, kappa 0.4.
- Fleiss (1981), Statistical Methods for Rates and Proportions, 2nd ed., p. 213:
  100 patients, three diagnoses (75 1 4 / 5 4 1 / 0 0 10): kappa 0.68 (0.6765 exactly).
- SAS/STAT User's Guide, PROC FREQ "Agreement Study" (skin condition rated by two
  dermatologists, 4 levels): simple kappa 0.3449, 95% limits 0.2030 to 0.4868.
- SAS PROC FREQ output for the 3x3 table 0 4 1 / 0 8 0 / 0 1 5 (kept as a reference case
  in the statsmodels test suite): simple kappa 0.4842, ASE 0.1380, limits 0.2137 to
  0.7547; weighted kappa (Cicchetti-Allison, i.e. linear weights) 0.4701, ASE 0.1457,
  limits 0.1845 to 0.7558.
- R package irr, `kappa2` on its `anxiety` data (raters 2 and 3, observed levels
  1, 2, 3, 4, 6): unweighted -0.006289308, "equal" (linear) weights 0.1459075,
  "squared" (quadratic) weights 0.2520325.
"""

from __future__ import annotations

import numpy as np
import pytest

from pmh_assess.agreement.kappa import agreement_weights, cohen_kappa

WIKIPEDIA = [[20, 5], [10, 15]]
FLEISS_1981 = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
SAS_SKIN = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]
SAS_3X3 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
# irr's anxiety ratings, rater 2 (rows) by rater 3 (columns), levels 1, 2, 3, 4, 6.
IRR_ANXIETY = [
    [0, 0, 1, 0, 0],
    [4, 0, 1, 0, 0],
    [2, 3, 3, 0, 0],
    [0, 2, 0, 1, 1],
    [1, 0, 0, 1, 0],
]


def test_wikipedia_two_by_two() -> None:
    k = cohen_kappa(WIKIPEDIA)
    assert k.value == pytest.approx(0.4, abs=5e-4)


def test_two_levels_weighting_makes_no_difference() -> None:
    plain = cohen_kappa(WIKIPEDIA).value
    assert cohen_kappa(WIKIPEDIA, "linear").value == pytest.approx(plain)
    assert cohen_kappa(WIKIPEDIA, "quadratic").value == pytest.approx(plain)


def test_fleiss_textbook_example() -> None:
    assert cohen_kappa(FLEISS_1981).value == pytest.approx(0.676, abs=5e-4)


def test_sas_skin_condition_kappa_and_interval() -> None:
    k = cohen_kappa(SAS_SKIN)
    assert (round(k.value, 4), round(k.low, 4), round(k.high, 4)) == (0.3449, 0.2030, 0.4868)


def test_sas_simple_kappa_standard_error_and_limits() -> None:
    k = cohen_kappa(SAS_3X3)
    assert [round(x, 3) for x in (k.value, k.se, k.low, k.high)] == [0.484, 0.138, 0.214, 0.755]


def test_sas_weighted_kappa_linear_weights() -> None:
    k = cohen_kappa(SAS_3X3, "linear")
    assert [round(x, 3) for x in (k.value, k.se, k.low, k.high)] == [0.470, 0.146, 0.184, 0.756]


@pytest.mark.parametrize(
    ("weighting", "expected"),
    [("none", -0.006289308), ("linear", 0.1459075), ("quadratic", 0.2520325)],
)
def test_irr_anxiety_weighted_kappas(weighting: str, expected: float) -> None:
    assert cohen_kappa(IRR_ANXIETY, weighting).value == pytest.approx(expected, abs=5e-4)  # type: ignore[arg-type]


def test_weights_are_agreement_weights() -> None:
    assert agreement_weights(3, "linear").tolist() == [
        [1.0, 0.5, 0.0],
        [0.5, 1.0, 0.5],
        [0.0, 0.5, 1.0],
    ]
    assert agreement_weights(3, "quadratic")[0].tolist() == [1.0, 0.75, 0.0]


def test_undefined_kappa_is_none_not_a_crash() -> None:
    assert cohen_kappa([[0, 0], [0, 0]]).value is None
    assert cohen_kappa([[5, 0], [0, 0]]).value is None  # everyone chose one level
    with pytest.raises(ValueError):
        cohen_kappa(np.zeros((2, 3)))


def test_perfect_and_chance_agreement() -> None:
    assert cohen_kappa([[3, 0, 0], [0, 4, 0], [0, 0, 2]]).value == pytest.approx(1.0)
    assert cohen_kappa([[5, 5], [5, 5]]).value == pytest.approx(0.0)
