"""Agreement between people: the figures against well-kept libraries, and `agree` with two
or more coders' files end to end.

Krippendorff's alpha is checked against the `krippendorff` package (a test-only
dependency), the bootstrap intervals against scipy.stats.bootstrap run on the same
statistic with many more draws, and kappa against the published values in test_kappa.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from pmh_assess.agreement.kappa import cohen_kappa
from pmh_assess.agreement.reliability import MISSING, figures
from pmh_assess.cli import app

from .conftest import MINI

krippendorff = pytest.importorskip("krippendorff", reason="pip install '.[test]'")
runner = CliRunner()
LEVELS = 3


def ratings(seed: int, items: int, coders: int, missing: float = 0.0) -> np.ndarray:
    """Coders who mostly see the same level, sometimes another, and leave some out."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, LEVELS, items)
    codes = np.where(
        rng.random((items, coders)) < 0.7, truth[:, None], rng.integers(0, LEVELS, (items, coders))
    )
    codes[rng.random((items, coders)) < missing] = MISSING
    return codes


def library_alpha(codes: np.ndarray) -> float:
    data = np.where(codes.T == MISSING, np.nan, codes.T).astype(float)
    return float(
        krippendorff.alpha(
            reliability_data=data, level_of_measurement="ordinal", value_domain=list(range(LEVELS))
        )
    )


@pytest.mark.parametrize(("seed", "coders", "missing"), [(1, 2, 0.0), (2, 3, 0.1), (3, 5, 0.25)])
def test_alpha_is_the_library_s_with_missing_ratings(
    seed: int, coders: int, missing: float
) -> None:
    codes = ratings(seed, 60, coders, missing)
    found = figures(codes, LEVELS)
    assert found.alpha.value == pytest.approx(library_alpha(codes), abs=1e-12)
    assert found.alpha.n == int(((codes != MISSING).sum(axis=1) >= 2).sum())
    assert found.agreement.n == int((codes != MISSING).all(axis=1).sum())


def test_alpha_on_krippendorffs_own_example() -> None:
    # Krippendorff (2011), reliability data of 4 coders on 12 units (values 1-5, gaps);
    # its ordinal alpha is 0.815 (the package's documented example).
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    codes = np.array(
        [[MISSING if v is None else v - 1 for v in unit] for unit in zip(*data, strict=True)]
    )
    found = figures(codes, 5)
    assert found.alpha.value == pytest.approx(0.815, abs=5e-4)


def test_two_coders_kappa_is_cohen_s_on_the_items_both_rated() -> None:
    codes = ratings(4, 50, 2, missing=0.1)
    both = codes[(codes != MISSING).all(axis=1)]
    table = np.zeros((LEVELS, LEVELS), dtype=int)
    for a, b in both:
        table[a, b] += 1
    found = figures(codes, LEVELS)
    assert found.kappa_n == len(both)
    for mine, weighting in ((found.kappa, "none"), (found.quadratic, "quadratic")):
        assert mine is not None
        assert mine.value == pytest.approx(cohen_kappa(table, weighting).value)


def test_bootstrap_intervals_match_scipy_s() -> None:
    codes = ratings(5, 80, 2)
    found = figures(codes, LEVELS)

    def agree(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.mean(a == b, axis=axis)

    def alpha(a: np.ndarray, b: np.ndarray) -> float:
        return library_alpha(np.column_stack([a, b]))

    def kappa(a: np.ndarray, b: np.ndarray) -> float:
        table = np.zeros((LEVELS, LEVELS), dtype=int)
        np.add.at(table, (a, b), 1)
        value = cohen_kappa(table, "linear").value
        return np.nan if value is None else value

    checks = [(found.agreement, agree, True, 20000), (found.alpha, alpha, False, 3000)]
    checks.append((found.linear, kappa, False, 3000))
    for mine, statistic, vectorized, draws in checks:
        assert mine is not None and mine.low is not None and mine.high is not None
        theirs = stats.bootstrap(
            (codes[:, 0], codes[:, 1]),
            statistic,
            paired=True,
            vectorized=vectorized,
            n_resamples=draws,
            method="percentile",
            rng=np.random.default_rng(7),
        ).confidence_interval
        assert mine.low == pytest.approx(theirs.low, abs=0.03)
        assert mine.high == pytest.approx(theirs.high, abs=0.03)
        assert mine.low < mine.value < mine.high  # type: ignore[operator]


def test_undefined_figures_say_why() -> None:
    same = figures(np.zeros((4, 2), dtype=int), LEVELS)
    assert same.agreement.value == 1.0
    assert same.alpha.value is None and same.alpha.why and "one level" in same.alpha.why
    assert same.kappa is not None and same.kappa.value is None
    one = figures(np.array([[0, 1]]), LEVELS)
    assert one.agreement.why == "fewer than two items" and one.agreement.low is None


# --- `agree` with coders' files ---------------------------------------------------------

PLANS = ["alpha", "beta", "gamma", "delta"]


def coder_file(path: Path, rows: list[tuple[str, str, str]], blind: bool | None = True) -> Path:
    lines = ["overrides:"]
    for plan, criterion, rating in rows:
        lines.append(f"  - {{plan: {plan}, criterion: {criterion}, rating: {rating}, reviewer: x")
        lines[-1] += "}" if blind is None else f", blind: {str(blind).lower()}}}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def coders(tmp_path: Path) -> list[Path]:
    a = [("alpha", "primary-prevention", "Good"), ("beta", "primary-prevention", "OK")]
    a += [("gamma", "primary-prevention", "Poor"), ("delta", "primary-prevention", "Poor")]
    a += [("alpha", "group-refugees", "Good"), ("beta", "group-refugees", "Poor")]
    b = [("alpha", "primary-prevention", "Good"), ("beta", "primary-prevention", "Good")]
    b += [("gamma", "primary-prevention", "Poor"), ("delta", "primary-prevention", "Poor")]
    b += [("alpha", "group-refugees", "Good")]  # beta's refugees left out
    return [coder_file(tmp_path / "a.yaml", a), coder_file(tmp_path / "b.yaml", b)]


def test_two_coders_in_json(coders: list[Path]) -> None:
    out = runner.invoke(app, ["agree", *map(str, coders), "--rubric", str(MINI), "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["coders"] == ["a.yaml", "b.yaml"]
    prevention = next(r for r in data["criteria"] if r["criterion"] == "primary-prevention")
    assert prevention["agreement"]["value"] == 0.75 and prevention["agreement"]["n"] == 4
    # a Good,OK,Poor,Poor against b Good,Good,Poor,Poor: p_o .75, p_e .375 -> 0.6
    assert prevention["kappa"]["value"] == pytest.approx(0.6) and prevention["kappa"]["n"] == 4
    assert prevention["confusion"]["counts"] == [[1, 0, 0], [1, 0, 0], [0, 0, 2]]
    codes = np.array([[0, 0], [1, 0], [2, 2], [2, 2]])
    assert prevention["alpha_ordinal"]["value"] == pytest.approx(library_alpha(codes), abs=1e-4)
    assert data["all_criteria"]["agreement"]["n"] == 5  # beta's refugees: one coder only
    assert data["all_criteria"]["items"] == 6
    assert data["disagreements"] == [
        {
            "plan": "beta",
            "criterion": "primary-prevention",
            "ratings": {"a.yaml": "OK", "b.yaml": "Good"},
            "notes": {},
        }
    ]
    assert not data["warnings"]  # every rating was given blind
    again = runner.invoke(app, ["agree", *map(str, coders), "--rubric", str(MINI), "-f", "json"])
    assert again.stdout == out.stdout  # the same ratings, the same bytes


def test_three_coders_get_alpha_and_the_table_names_who_disagrees(
    coders: list[Path], tmp_path: Path
) -> None:
    c = coder_file(
        tmp_path / "c.yaml",
        [("alpha", "primary-prevention", "OK"), ("beta", "primary-prevention", "OK")],
        blind=False,
    )
    out = runner.invoke(app, ["agree", *map(str, coders), str(c), "--rubric", str(MINI)])
    assert out.exit_code == 0, out.output
    assert "Alpha (95% CI)" in out.stdout and "Kappa" not in out.stdout
    assert "alpha  primary-prevention: a.yaml Good, b.yaml Good, c.yaml OK" in out.stdout
    assert "c.yaml: 2 of 2 rating(s) were given with the machine's rating in view" in out.stderr
    md = runner.invoke(
        app, ["agree", *map(str, coders), str(c), "--rubric", str(MINI), "-f", "markdown"]
    ).stdout
    assert "| Criterion | n | All agree | Alpha (ordinal) | n (alpha) |" in md


def test_coders_with_a_results_file_are_each_compared_with_the_machine(
    coders: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    texts = {
        "alpha": "We will invest in the prevention of poor mental health.\f"
        "We will fund prevention of suicide in every school.\fWe will support refugees.",
        "beta": "Prevention of poor mental health matters to us. Refugees live here.",
        "gamma": "Our priority is cardiovascular disease.",
        "delta": "We will support asylum seekers with their wellbeing.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    results = tmp_path / "results.json"
    scored = runner.invoke(
        app, ["score", str(folder), "--rubric", str(MINI), "-f", "json", "-o", str(results)]
    )
    assert scored.exit_code == 0, scored.output
    out = runner.invoke(app, ["agree", str(results), *map(str, coders), "-f", "json"])
    assert out.exit_code == 0, out.output
    machine = json.loads(out.stdout)["against_machine"]
    assert [m["coder"] for m in machine] == ["a.yaml", "b.yaml"]
    assert [m["pairs"] for m in machine] == [6, 5]
    # the machine: prevention Good, OK, Poor, Poor and refugees Good, OK; coder a differs
    # only on beta's refugees, coder b only on beta's prevention
    assert [m["agreement"] for m in machine] == [round(5 / 6, 4), 0.8]
    assert machine[0]["confusion"]["counts"][1][2] == 1  # machine OK, coder a Poor


def test_unknown_blind_is_said_and_bad_calls_are_one_line(
    coders: list[Path], tmp_path: Path
) -> None:
    old = coder_file(tmp_path / "old.yaml", [("alpha", "primary-prevention", "Good")], blind=None)
    out = runner.invoke(app, ["agree", str(coders[0]), str(old), "--rubric", str(MINI)])
    assert out.exit_code == 0, out.output
    assert "old.yaml: 1 of 1 rating(s) do not say whether they were given blind" in out.stderr
    alone = runner.invoke(app, ["agree", str(coders[0]), "--rubric", str(MINI)])
    assert alone.exit_code == 2 and "two or more coders' files" in alone.stderr
    assert "Traceback" not in alone.output
