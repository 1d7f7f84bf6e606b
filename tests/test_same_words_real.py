"""Same words, same ratings, on real plan text we did not write: the layout property of
test_same_words_random.py, drawn over extracts of published plans.

Our own sample plans pass the property, but they were written by the people who wrote the
reader. Here every eighth extract of ../shared/corpus/real-text/ (web pages of real plans:
one-line paragraphs, bullets run into the text, questions as headings, board minutes) is
set out as blocks the way a web page's text reads (tests/render.py `plan_from_text`),
written in layouts drawn at random (PDFs, web pages, Word files, plain text) and scored;
every rating must equal the plain text's.

Extracts that do not hold yet are listed in tests/data/same-words-real-known.txt: each is
expected to fail, and one that passes fails the run, so the list only shrinks. Rewrite it
after a change with `python -m tests.test_same_words_real --known`.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

from pmh_assess import Scorer
from pmh_assess.rubric import load_rubric, resolve_rubric

from .conftest import SHARED
from .render import plan_from_text
from .test_same_words_random import check_layouts

REAL_TEXT = SHARED / "corpus" / "real-text"
EVERY = 8
"""One extract in this many is drawn over (sorted by name): 27 of about 215."""
KNOWN = Path(__file__).resolve().parent / "data" / "same-words-real-known.txt"


def extracts() -> list[Path]:
    return sorted(REAL_TEXT.glob("*.txt"))[::EVERY]


def known() -> frozenset[str]:
    if not KNOWN.is_file():
        return frozenset()
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _params() -> list[object]:
    names = [path.stem for path in extracts()] or ["(the real-text corpus is missing)"]
    listed = known()
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason="listed in same-words-real-known.txt")]
            if name in listed
            else [],
            id=name,
        )
        for name in names
    ]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(load_rubric(resolve_rubric("mhf-2024")))


def holds(name: str, scorer: Scorer, folder: Path) -> None:
    """Raise AssertionError for the first layout that rates the extract differently."""
    plan = plan_from_text(name, (REAL_TEXT / f"{name}.txt").read_text(encoding="utf-8"))
    check_layouts(name, plan, scorer, folder, zlib.crc32(name.encode()))


@pytest.mark.parametrize("name", _params())
def test_real_text_keeps_its_ratings_in_any_layout(
    name: str, scorer: Scorer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if not REAL_TEXT.is_dir():
        pytest.skip(f"needs the real plan text at {REAL_TEXT}")
    holds(name, scorer, tmp_path_factory.mktemp(f"real-{name[:20]}"))


def main(argv: list[str]) -> int:
    """`--known`: run every extract and write the ones that fail to the known list."""
    import tempfile

    if argv != ["--known"]:
        print("usage: python -m tests.test_same_words_real --known", file=sys.stderr)
        return 2
    rubric = Scorer(load_rubric(resolve_rubric("mhf-2024")))
    failing = []
    for path in extracts():
        try:
            holds(path.stem, rubric, Path(tempfile.mkdtemp()))
        except AssertionError:
            failing.append(path.stem)
    KNOWN.write_text(
        "# Real-text extracts whose ratings still move with the layout "
        "(regenerate: see tests/test_same_words_real.py).\n" + "".join(f"{n}\n" for n in failing),
        encoding="utf-8",
    )
    print(f"{len(failing)} of {len(extracts())} extracts written to {KNOWN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
