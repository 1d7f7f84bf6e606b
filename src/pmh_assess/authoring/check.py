"""`rubric check`: is a rubric file valid, sound and tested? Every finding at `file:line:col`.

In order: YAML syntax, the schema (unknown keys, bad terms and unsafe patterns), references
(levels, criteria, tags, contexts, rule ids: the loader's own checks), then what only the
whole rubric shows (dead rating rules, levels nothing gives, repeated ids and terms), then
the example sentences, run through the engine. Nothing passes silently: a file whose
examples did not run fails, and `coverage=True` adds a note for every rule and term that
no must-match example exercises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..base.errors import Problem, RubricError, UserError
from ..engine.evidence import rule_name
from ..engine.scoring import Scorer, prepare_text
from ..files.yamlfile import locate, read_yaml, validate
from ..rubric.model import Example, Rubric, reference_problems
from ..rules.budget import PatternTimeout
from .examples import run_examples
from .findings import CheckReport, FileCheck, Finding, Severity
from .semantics import Loc, criteria_with_locs, rule_labels, semantic_issues

SUFFIXES = (".yaml", ".yml")
Locator = Callable[[Loc, Severity, str, str], Finding]

# Loader messages, sorted into codes a CI job or an editor can filter on.
CODES = (
    ("YAML syntax error", "yaml-syntax"),
    ("duplicate key", "duplicate-key"),
    ("unknown key", "unknown-key"),
    ("missing required key", "missing-key"),
    ("regular expression", "regex"),
    ("is not a word", "term"),
    ("empty term", "term"),
    ("has no words", "term"),
    ("duplicate criterion id", "duplicate-id"),
    ("is not declared in `levels`", "undeclared-level"),
    ("is not declared in `contexts`", "unknown-context"),
    ("unknown criterion", "unknown-criterion"),
    ("no criterion has tag", "unknown-tag"),
    ("no evidence rule with id", "unknown-rule"),
)


def rubric_files(paths: Iterable[Path]) -> tuple[list[Path], list[Finding]]:
    """Rubric files named or found (recursively) in folders; an empty folder is a finding."""
    files: list[Path] = []
    findings: list[Finding] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                findings.append(
                    Finding(
                        str(path),
                        1,
                        1,
                        "error",
                        "no-rubrics",
                        "no rubric files (*.yaml, *.yml) in this folder: nothing was checked",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"{path}: no such file or folder")
    return list(dict.fromkeys(files)), findings


def check_paths(
    paths: Iterable[Path], *, strict: bool = False, coverage: bool = False
) -> CheckReport:
    files, findings = rubric_files(paths)
    checks = [check_file(f, strict=strict, coverage=coverage) for f in files]
    for check in checks:
        findings.extend(check.findings)
    return CheckReport(checks, sorted(set(findings)))


def check_file(path: Path, *, strict: bool = False, coverage: bool = False) -> FileCheck:
    name = str(path)
    result = FileCheck(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.findings.append(Finding(name, 1, 1, "error", "unreadable", f"cannot read: {exc}"))
        return result
    try:
        data, root = read_yaml(text, name)
        rubric = validate(Rubric, data, root, name, context={"defer_references": True})
    except RubricError as exc:
        result.findings.extend(_from_problem(p, "schema") for p in exc.problems)
        return result
    result.rubric, result.criteria = rubric.id, len(rubric.criteria)
    references = [locate(root, loc, name, msg) for loc, msg in reference_problems(rubric)]
    if references:  # later checks assume every name resolves
        result.findings.extend(_from_problem(p, "reference") for p in references)
        return result

    def at(loc: Loc, severity: Severity, code: str, message: str) -> Finding:
        problem = locate(root, loc, name, message)
        return Finding(name, problem.line, problem.column, severity, code, message)

    for issue in semantic_issues(rubric):
        result.findings.append(at(issue.loc, issue.severity, issue.code, issue.message))
    _check_examples(rubric, result, at, strict)
    if coverage:
        _coverage(rubric, result, at)
    return result


def _from_problem(problem: Problem, stage: str) -> Finding:
    code = next((c for needle, c in CODES if needle in problem.message), stage)
    return Finding(problem.path, problem.line, problem.column, "error", code, problem.message)


def _short(text: str, limit: int = 70) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _check_examples(rubric: Rubric, result: FileCheck, at: Locator, strict: bool) -> None:
    locs = {c.id: loc for loc, c in criteria_with_locs(rubric)}
    for outcome in run_examples(rubric):
        result.examples_run += 1
        if outcome.passed:
            continue
        result.examples_failed += 1
        loc = (*locs[outcome.criterion], "examples", outcome.expect, outcome.index)
        if outcome.stopped:
            message = (
                f"example for {outcome.criterion!r} was not checked: {_short(outcome.text)} "
                f"({outcome.detail})"
            )
        elif outcome.expect == "match":
            message = (
                f"must-match example for {outcome.criterion!r} does not match: "
                f"{_short(outcome.text)} ({outcome.detail})"
            )
        else:
            message = (
                f"must-not-match example for {outcome.criterion!r} matches: "
                f"{_short(outcome.text)} ({outcome.detail})"
            )
        result.findings.append(at(loc, "error", "example", message))
    for loc, criterion in criteria_with_locs(rubric):
        if criterion.derived:
            continue
        match, no_match = criterion.examples.match, criterion.examples.no_match
        if not match and not no_match:
            result.findings.append(
                at(
                    (*loc, "id"),
                    "error" if strict else "warning",
                    "no-examples",
                    f"criterion {criterion.id!r} has no examples: add sentences that must "
                    "and must not match under `examples`",
                )
            )
        elif strict and (not match or not no_match):
            missing = "must-match (`match`)" if not match else "must-not-match (`no_match`)"
            result.findings.append(
                at(
                    (*loc, "id"),
                    "error",
                    "no-examples",
                    f"criterion {criterion.id!r} has no {missing} examples",
                )
            )
    if result.examples_run == 0:
        result.findings.append(
            at(
                (),
                "error",
                "no-examples",
                "no example ran: the rubric has no example sentences, so nothing was tested",
            )
        )


def _coverage(rubric: Rubric, result: FileCheck, at: Locator) -> None:
    """A note for each evidence rule and term that no must-match example gives a hit."""
    scorer = Scorer(rubric)
    for loc, criterion in criteria_with_locs(rubric):
        if criterion.derived:
            continue
        exercised: set[tuple[str, str]] = set()
        try:
            for item in criterion.examples.match:
                text = item.text if isinstance(item, Example) else item
                doc = scorer.index(prepare_text(text, "example"))
                hits, _, _ = scorer.hits(criterion, [doc])
                exercised |= {(h.rule, label) for h in hits for label in h.labels}
        except PatternTimeout:
            continue  # the examples' check says so
        rules_hit = {rule for rule, _ in exercised}
        for ri, rule in enumerate(criterion.evidence):
            name = rule_name(rule, ri)
            rule_loc: Loc = (*loc, "evidence", ri)
            if name not in rules_hit:
                result.findings.append(
                    at(
                        rule_loc,
                        "notice",
                        "coverage",
                        f"rule {name} of {criterion.id!r}: no must-match example exercises it",
                    )
                )
                continue
            for label, sub in rule_labels(rule):
                if (name, label) not in exercised:
                    result.findings.append(
                        at(
                            (*rule_loc, *sub),
                            "notice",
                            "coverage",
                            f"term {label!r} ({name} of {criterion.id!r}): no must-match "
                            "example exercises it",
                        )
                    )
