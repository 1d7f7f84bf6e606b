"""Scored results for the coverage tests, each scored once per test run.

`tests/data/coverage-plans/` holds six small text plans written to get known ratings
from `tests/data/coverage.yaml` (see the expectations in test_compute.py); the RAG
variant renames the rubric's levels to Green/Amber/Red and declares their colours.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app

from ..conftest import DATA, ROOT

RUBRIC = DATA / "coverage.yaml"
PLANS = DATA / "coverage-plans"
RAG_COLOURS = {"Green": "#2e7d32", "Amber": "#ffb300", "Red": "#c62828"}


def score(paths: list[Path], rubric: Path | None, out: Path) -> Path:
    args = ["score", *map(str, paths), "--format", "json", "-o", str(out), "-q"]
    if rubric is not None:
        args += ["--rubric", str(rubric)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def results_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six test plans scored with the coverage test rubric (Good/OK/Poor)."""
    return score([PLANS], RUBRIC, tmp_path_factory.mktemp("coverage") / "results.json")


@pytest.fixture(scope="session")
def rag_results_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same plans scored with the same rubric, its levels renamed Green/Amber/Red."""
    folder = tmp_path_factory.mktemp("rag")
    text = RUBRIC.read_text(encoding="utf-8")
    for old, new in (("Good", "Green"), ("OK", "Amber"), ("Poor", "Red")):
        text = re.sub(rf"\b{old}\b", new, text)
    colours = "".join(f'\n  {k}: "{v}"' for k, v in RAG_COLOURS.items())
    text = text.replace(
        "levels: [Green, Amber, Red]", f"levels: [Green, Amber, Red]\ncolours:{colours}"
    )
    rubric = folder / "rag.yaml"
    rubric.write_text(text, encoding="utf-8")
    return score([PLANS], rubric, folder / "results.json")


@pytest.fixture(scope="session")
def sample_results_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample plans scored with the default rubric."""
    return score([ROOT / "plans"], None, tmp_path_factory.mktemp("samples") / "results.json")


@pytest.fixture
def results_data(results_file: Path) -> dict:
    return json.loads(results_file.read_text(encoding="utf-8"))
