"""The text cache: keyed by content, not path; damaged entries and passwords handled."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmh_assess.cli import app
from pmh_assess.plans import discover
from pmh_assess.rubric import load_rubric
from pmh_assess.run import cache as cache_module
from pmh_assess.run import prepare_document
from pmh_assess.run.cache import TextCache, default_cache_dir

from .conftest import MINI, build_pdf

runner = CliRunner()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return build_pdf(
        tmp_path / "plan.pdf",
        [[(72, 700, "We will support refugees and asylum seekers.")], [(72, 700, "Page two.")]],
    )


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every real extraction (cache hits do not extract)."""
    from pmh_assess.run import documents

    calls: list[Path] = []
    real = documents.extract

    def spy(path: Path, **kwargs: object) -> object:
        calls.append(path)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "extract", spy)
    return calls


def test_second_read_comes_from_the_cache(plan: Path, tmp_path: Path, monkeypatch) -> None:
    reads = count_reads(monkeypatch)
    cache = TextCache(tmp_path / "c")
    first = prepare_document(plan, cache=cache)
    second = prepare_document(plan, cache=cache)
    assert reads == [plan]
    assert second.document.pages == first.document.pages
    assert second.text.text == first.text.text and second.text.sentences == first.text.sentences
    assert second.text.paragraphs == first.text.paragraphs


def test_moved_file_is_still_cached_and_changed_file_is_not(
    plan: Path, tmp_path: Path, monkeypatch
) -> None:
    reads = count_reads(monkeypatch)
    cache = TextCache(tmp_path / "c")
    prepare_document(plan, cache=cache)
    moved = tmp_path / "elsewhere" / "renamed.pdf"
    moved.parent.mkdir()
    shutil.move(plan, moved)
    again = prepare_document(moved, cache=cache)
    assert reads == [plan] and again.document.path == str(moved)
    build_pdf(moved, [[(72, 700, "Different words now.")]])
    changed = prepare_document(moved, cache=cache)
    assert reads == [plan, moved] and "Different words" in changed.text.text


def test_engines_are_cached_apart(plan: Path, tmp_path: Path, monkeypatch) -> None:
    reads = count_reads(monkeypatch)
    cache = TextCache(tmp_path / "c")
    prepare_document(plan, cache=cache, engine="pdfium")
    prepare_document(plan, cache=cache, engine="pdfplumber")
    assert len(reads) == 2


def test_damaged_entry_is_a_miss_and_is_replaced(plan: Path, tmp_path: Path, monkeypatch) -> None:
    reads = count_reads(monkeypatch)
    cache = TextCache(tmp_path / "c")
    doc = prepare_document(plan, cache=cache)
    entry = cache.entry_path(doc.document.sha256, "pdfium")
    entry.write_bytes(b"not compressed json")
    prepare_document(plan, cache=cache)
    assert len(reads) == 2
    assert cache.load(doc.document.sha256, "pdfium", "x") is not None


@pytest.mark.skipif(os.name != "posix", reason="file modes and process ids are POSIX")
def test_entries_are_private_and_a_killed_writers_leftover_goes(plan: Path, tmp_path: Path) -> None:
    cache = TextCache(tmp_path / "c")
    doc = prepare_document(plan, cache=cache)
    entry = cache.entry_path(doc.document.sha256, "pdfium")
    assert entry.stat().st_mode & 0o777 == 0o600  # the text of someone's documents
    dead = 2**22 + 7  # above the largest process id Linux allows: no such process
    leftover = entry.parent / f".{entry.name}.{dead}.abc.tmp"
    leftover.write_bytes(b"half an entry")
    entry.unlink()
    prepare_document(plan, cache=cache)
    assert entry.is_file() and not leftover.exists()
    assert not list(entry.parent.glob("*.tmp"))


def test_new_text_code_prepares_again_from_cached_pages(
    plan: Path, tmp_path: Path, monkeypatch
) -> None:
    reads = count_reads(monkeypatch)
    cache = TextCache(tmp_path / "c")
    doc = prepare_document(plan, cache=cache)
    monkeypatch.setattr(cache_module, "text_version", lambda: "another-version")
    assert cache.load(doc.document.sha256, "pdfium", "x")[1] is None  # type: ignore[index]
    again = prepare_document(plan, cache=cache)
    assert reads == [plan] and again.text.sentences == doc.text.sentences


VERSIONS = {
    "text": lambda: cache_module.text_version(),
    "extract": lambda: cache_module.extractor_version("pdfium"),
    "code": lambda: cache_module.code_version(),
}


def _fresh(name: str) -> str:
    for made in (cache_module.text_version, cache_module.extractor_version):
        made.cache_clear()
    cache_module.code_version.cache_clear()
    return VERSIONS[name]()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("text", "text/segment.py"),
        ("extract", "extract/pdftext.py"),
        ("code", "engine/index.py"),
        ("code", "report/table.py"),
    ],
)
def test_a_cache_key_changes_with_the_code_it_stands_for(
    name: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys hash the package's real sources: editing one of them makes every entry it
    made stale (a key over no files would keep stale text and results for ever)."""
    before = _fresh(name)
    original = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = original(path)
        return data + b"\n# edited\n" if path.as_posix().endswith(source) else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert _fresh(name) != before
    monkeypatch.undo()
    assert _fresh(name) == before


def test_what_each_page_holds_comes_back_from_the_cache(plan: Path, tmp_path: Path) -> None:
    cache = TextCache(tmp_path / "c")
    doc = prepare_document(plan, cache=cache)
    again = prepare_document(plan, cache=cache)
    assert doc.text.page_sizes and again.text.page_sizes == doc.text.page_sizes


def test_a_cache_that_cannot_be_written_is_skipped(plan: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    doc = prepare_document(plan, cache=TextCache(blocker))
    assert "refugees" in doc.text.text


def test_location_follows_platform_and_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PMH_ASSESS_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("PMH_ASSESS_CACHE_DIR")
    monkeypatch.setattr(cache_module.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "pmh-assess"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "pmh-assess"
    monkeypatch.setattr(cache_module.sys, "platform", "darwin")
    assert default_cache_dir() == Path.home() / "Library" / "Caches" / "pmh-assess"
    monkeypatch.setattr(cache_module.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_cache_dir() == tmp_path / "local" / "pmh-assess" / "Cache"


def test_score_uses_the_cache_unless_told_not_to(plan: Path, cache_dir: Path, monkeypatch) -> None:
    reads = count_reads(monkeypatch)
    args = ["score", str(plan), "-r", str(MINI), "-f", "json", "--workers", "0"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout and len(reads) == 1
    assert runner.invoke(app, [*args, "--no-cache"]).stdout == first.stdout
    assert len(reads) == 2
    assert json.loads(first.stdout)["plans"][0]["criteria"][1]["rating"] == "Good"


def test_workers_fill_the_cache_for_the_next_run(plan: Path, tmp_path: Path) -> None:
    from pmh_assess.run import score_plans

    cache = TextCache(tmp_path / "c")
    specs, _ = discover([plan])
    rubric = load_rubric(MINI)
    cold = score_plans(specs, rubric, workers=2, cache=cache)
    assert cache.info().entries == 1
    warm = score_plans(specs, rubric, workers=2, cache=cache)
    assert warm.to_json() == cold.to_json()


def test_cache_info_and_clear_commands(plan: Path, cache_dir: Path) -> None:
    runner.invoke(app, ["score", str(plan), "-r", str(MINI), "-f", "json", "--workers", "0"])
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0
    assert f"location: {cache_dir}" in info.stdout and "holds:    1 document(s)" in info.stdout
    (cache_dir / "v1" / "ab").mkdir(parents=True)
    (cache_dir / "v1" / "ab" / ".left-by-an-interrupted-write.tmp").write_bytes(b"x")
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and cleared.stdout.startswith("removed 1 document(s)")
    assert not list((cache_dir / "v1").rglob("*"))
    assert "holds:    0 document(s)" in runner.invoke(app, ["cache", "info"]).stdout
    assert "pmh-assess cache info" in runner.invoke(app, ["cache", "--help"]).stdout


def spy_evidence(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every criterion matched against a document (kept evidence is not)."""
    from pmh_assess.engine import scoring
    from pmh_assess.run import documents

    calls: list[str] = []
    for module in (documents, scoring):
        real = module.criterion_evidence

        def spy(criterion, rubric, index, real=real):  # type: ignore[no-untyped-def]
            calls.append(criterion.id)
            return real(criterion, rubric, index)

        monkeypatch.setattr(module, "criterion_evidence", spy)
    return calls


def test_rubric_edits_match_only_what_changed(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmh_assess.rubric.loader import parse_rubric
    from pmh_assess.run import score_plans

    reads = count_reads(monkeypatch)
    matched = spy_evidence(monkeypatch)
    cache = TextCache(tmp_path / "c")
    specs, _ = discover([plan])
    text = MINI.read_text(encoding="utf-8")
    first = score_plans(specs, parse_rubric(text), workers=0, cache=cache)
    assert len(reads) == 1 and sorted(matched) == ["group-refugees", "primary-prevention"]
    matched.clear()
    again = score_plans(specs, parse_rubric(text), workers=0, cache=cache)
    assert again.to_json() == first.to_json() and matched == [] and len(reads) == 1
    edited = text.replace('"asylum seeker*"]', '"asylum seeker*", "sanctuary seeker*"]')
    assert edited != text
    score_plans(specs, parse_rubric(edited), workers=0, cache=cache)
    assert matched == ["group-refugees"] and len(reads) == 1
    matched.clear()
    cues = text.replace('"not yet"]', '"not yet", "no longer"]')
    score_plans(specs, parse_rubric(cues), workers=0, cache=cache)
    assert sorted(matched) == ["group-refugees", "primary-prevention"] and len(reads) == 1


def test_kept_results_follow_a_plans_title_and_documents(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmh_assess.plans import PlanSpec
    from pmh_assess.run import score_plans

    matched = spy_evidence(monkeypatch)
    cache = TextCache(tmp_path / "c")
    rubric = load_rubric(MINI)
    score_plans([PlanSpec("a", "A plan", [plan])], rubric, workers=0, cache=cache)
    matched.clear()
    renamed = score_plans([PlanSpec("a", "Another title", [plan])], rubric, workers=0, cache=cache)
    assert renamed.plans[0].title == "Another title" and matched == []


def test_many_evidence_examples_are_worked_out_afresh(plan: Path, tmp_path: Path) -> None:
    from pmh_assess.run import score_plans

    specs, _ = discover([plan])
    rubric = load_rubric(MINI)
    cache = TextCache(tmp_path / "c")
    score_plans(specs, rubric, workers=0, cache=cache)
    many = score_plans(specs, rubric, workers=0, cache=cache, max_evidence=500)
    assert many.to_json() == score_plans(specs, rubric, workers=0, max_evidence=500).to_json()


def test_the_rubrics_automaton_is_built_for_workers_only_when_a_document_needs_it(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one criterion is edited, workers match only that criterion with an automaton
    of their own: the whole rubric's is not built in the main process for them."""
    from pmh_assess.rubric.loader import parse_rubric
    from pmh_assess.run import documents, score_plans

    built: list[object] = []
    real = documents.compiled
    monkeypatch.setattr(documents, "compiled", lambda m: built.append(m) or real(m))
    cache = TextCache(tmp_path / "c")
    specs, _ = discover([plan])
    text = MINI.read_text(encoding="utf-8")
    score_plans(specs, parse_rubric(text), workers=1, cache=cache)
    assert len(built) == 1  # nothing kept yet: every criterion is matched
    edited = text.replace('"asylum seeker*"]', '"asylum seeker*", "sanctuary seeker*"]')
    again = score_plans(specs, parse_rubric(edited), workers=1, cache=cache)
    assert len(built) == 1
    assert again.to_json() == score_plans(specs, parse_rubric(edited), workers=0).to_json()


def test_term_anchors_are_kept_so_the_next_run_need_not_parse_every_term(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What building the automaton works out per term variant (its anchors, from parsing
    the variant's expression) is kept by engine version, for any rubric and document."""
    from pmh_assess.engine import automaton
    from pmh_assess.run import score_plans
    from pmh_assess.run.cache import ANCHORS
    from pmh_assess.run.memo import engine_version

    cache = TextCache(tmp_path / "c")
    rubric = load_rubric(MINI)
    specs, _ = discover([plan])
    monkeypatch.setattr(automaton, "_ANCHORS", {})
    first = score_plans(specs, rubric, workers=1, cache=cache)
    kept = automaton.known_anchors()
    assert kept and cache.load_table(ANCHORS, engine_version()) == json.loads(json.dumps(kept))
    # Another document, in a process that has worked nothing out: nothing is parsed.
    monkeypatch.setattr(automaton, "_ANCHORS", {})
    monkeypatch.setattr(automaton, "_words", lambda regex: pytest.fail(f"parsed {regex}"))
    other = build_pdf(tmp_path / "other.pdf", [[(72, 700, "We will support refugees.")]])
    again = score_plans(discover([other])[0], rubric, workers=1, cache=cache)
    assert again.plans[0].criteria[1].rating == first.plans[0].criteria[1].rating == "Good"


def test_misshapen_kept_anchors_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from pmh_assess.engine import automaton
    from pmh_assess.engine.automaton import FORM, START, learn_anchors

    monkeypatch.setattr(automaton, "_ANCHORS", {})
    assert learn_anchors(["not", "a", "table"]) == 0
    table = {
        "(?<!\\w)good": [["good", START]],
        "(?<!\\w)bad-kind": [["bad", "anywhere"]],
        "(?<!\\w)empty": [["", START]],
        "(?<!\\w)short": [["a"]],
        "(?<!\\w)form": [["pre", f"{FORM}prefix\0next"]],
        "(?<!\\w)number": [[1, START]],
    }
    assert learn_anchors(table) == 2
    assert sorted(automaton.known_anchors()) == ["(?<!\\w)form", "(?<!\\w)good"]


def _scanned(path: Path) -> Path:
    """A PDF page with a shape and no text layer: the reader refuses it."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    return path


def test_a_file_the_reader_refused_is_kept_as_such(tmp_path: Path, monkeypatch) -> None:
    from pmh_assess.run import documents

    folder = tmp_path / "plans"
    folder.mkdir()
    text_plan = build_pdf(folder / "plan.pdf", [[(72, 700, "We will support refugees.")]])
    # a damaged PDF is refused (one without a text layer is read, as not assessable)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> damaged\n")
    args = ["score", str(folder), "-r", str(MINI), "-f", "json", "--workers", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 1 and "scan.pdf" in first.stderr, first.stderr
    assert json.loads(first.stdout)["errors"], first.stdout

    def no_pool(*_: object) -> None:
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(documents, "WorkerPool", no_pool)
    again = runner.invoke(app, args)  # the kept run, errors and all
    assert (again.exit_code, again.stdout, again.stderr) == (1, first.stdout, first.stderr)
    assert json.loads(again.stdout)["errors"] == json.loads(first.stdout)["errors"]

    reads = count_reads(monkeypatch)
    build_pdf(text_plan, [[(72, 700, "We will support refugees and asylum seekers.")]])
    edited = runner.invoke(app, [*args[:-2], "--workers", "0"])
    assert edited.exit_code == 1 and edited.stderr == first.stderr
    assert reads == [text_plan]  # the refused file is not read again
    for other in (["--max-pages", "5"], ["--no-cache"]):  # other limits, or no cache: read
        reads.clear()
        assert runner.invoke(app, [*args[:-2], "--workers", "0", *other]).exit_code == 1
        assert folder / "scan.pdf" in reads


def test_library_versions_in_cache_keys_are_the_installed_ones() -> None:
    """The versions a key names are read from the install folders' names; they are what
    the packages' metadata says."""
    from importlib.metadata import version

    from pmh_assess.run.runs import RESULT_LIBRARIES

    packages = ("pmh-assess", "pdfplumber", "pdfminer.six", "pypdfium2", *RESULT_LIBRARIES)
    assert all(cache_module._project(p) in cache_module._installed() for p in packages)
    assert cache_module.versions(packages) == [f"{p}={version(p)}" for p in packages]
    assert cache_module.versions(("no-such-package-here",)) == ["no-such-package-here=?"]
