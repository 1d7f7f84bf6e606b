"""The package's shape: the pipeline only imports downward, and only the CLI knows typer.

Every import counts, including those inside functions and under TYPE_CHECKING: a cycle
hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "pmh_assess"

# What each layer must never import (the layers above it).
FORBIDDEN = {
    # errors, safe text, schemas' base, the words of ratings, format names: below all
    "pmh_assess.base": [
        "files",
        "extract",
        "text",
        "rules",
        "rubric",
        "plans",
        "results",
        "engine",
        "review",
        "run",
        "agreement",
        "report",
        "coverage",
        "compare",
        "suggest",
        "authoring",
        "explain",
        "serve",
        "cli",
    ],
    # reading a user's YAML file, for rubrics, manifests, overrides and references alike
    "pmh_assess.files": [
        "extract",
        "text",
        "rules",
        "rubric",
        "plans",
        "results",
        "engine",
        "review",
        "run",
        "coverage",
    ],
    "pmh_assess.extract": [
        "text",
        "rules",
        "rubric",
        "engine",
        "run",
        "authoring",
        "cli",
        "report",
        "coverage",
    ],
    "pmh_assess.text": [
        "rules",
        "rubric",
        "engine",
        "run",
        "authoring",
        "cli",
        "report",
        "coverage",
    ],
    "pmh_assess.rules": ["engine", "run", "authoring", "cli", "report", "coverage", "explain"],
    # rubric/ defines and loads rubrics, below the engine; what applies them is authoring/
    "pmh_assess.rubric": [
        "plans",
        "results",
        "engine",
        "run",
        "authoring",
        "cli",
        "report",
        "coverage",
        "explain",
    ],
    # which plans to read, and the results contract: what the engine is given and gives
    "pmh_assess.plans": ["engine", "review", "run", "report", "coverage", "explain", "cli"],
    "pmh_assess.results": ["engine", "review", "run", "report", "coverage", "explain", "cli"],
    "pmh_assess.engine": [
        "review",
        "run",
        "authoring",
        "cli",
        "report",
        "coverage",
        "explain",
    ],
    # reviewers' ratings replace the machine's through the engine, never by running
    "pmh_assess.review": ["run", "report", "coverage", "explain", "serve", "cli"],
    # shared text is found in results and rated again by the engine (run/shared.py)
    "pmh_assess.run": ["authoring", "cli", "report", "coverage", "explain", "serve"],
    "pmh_assess.authoring": ["cli"],
    "pmh_assess.serve": ["cli"],
    # coverage tables and comparisons are made from results alone, never by scoring
    "pmh_assess.coverage": ["engine", "run", "rubric", "rules", "text", "extract", "cli"],
    "pmh_assess.compare": ["engine", "run", "rubric", "rules", "text", "extract", "cli"],
    "pmh_assess.suggest": ["explain", "serve", "authoring", "cli"],
    "pmh_assess.explain": ["serve", "authoring", "cli"],
}

LAYERS: list[set[str]] = [  # every top-level module and package, bottom first
    {"base"},  # errors, safe text, schemas' base, the words of ratings, format names
    {"files", "extract"},  # reading: a user's YAML (and writing files whole), documents
    {"text"},
    {"rules"},
    {"rubric"},
    {"plans", "results"},  # which plans (manifests), and the results contract
    {"engine"},  # pure: rules, matching, evidence, rating
    {"review"},  # results rated again by reviewers
    {"run", "agreement"},  # workers, limits, the cache, shared text across a run
    {"report", "coverage"},  # the reports: a coverage table is one, and reports cite alike
    {"compare", "suggest", "authoring"},
    {"explain"},
    {"serve"},
    {"cli"},
    {"__main__", ""},  # "": the package itself, whose names load lazily
]
"""A module imports only from its own layer or a layer below (cycles are found apart)."""

RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imported(name: str, path: Path) -> set[str]:
    """Every module name an import statement in the file names (relative ones resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a package's own children excluded)."""
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        for target in imported(mod, path):
            while target and target not in mods:
                target = target.rpartition(".")[0]
            if not target or target == mod:
                continue
            if mod.startswith(target + "."):  # a module importing its own package's names
                continue
            if path.name == "__init__.py" and target.startswith(mod + "."):
                continue  # a package re-exporting its children
            edges[mod].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_only_the_cli_imports_typer_or_click() -> None:
    users = sorted(
        mod
        for mod, path in modules().items()
        if not mod.startswith("pmh_assess.cli")
        and any(t.split(".")[0] in ("typer", "click") for t in imported(mod, path))
    )
    assert users == []


def top(module: str) -> str:
    """`pmh_assess.engine.scoring` -> `engine`; the package itself -> ``."""
    return module.split(".")[1] if "." in module else ""


def upward(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{mod} -> {target}"
        for mod, targets in edges.items()
        for target in targets
        if RANK[top(target)] > RANK[top(mod)]
    )


def test_every_package_and_root_module_has_a_layer() -> None:
    names = {top(mod) for mod in modules()}
    assert sorted(names - set(RANK)) == []  # a new one: place it in LAYERS
    assert sorted(set(RANK) - names) == []  # gone: take it out


def test_imports_only_go_down_the_layers() -> None:
    assert upward(graph()) == []


def test_the_layer_check_finds_an_upward_import() -> None:
    edges = {"pmh_assess.engine.scoring": {"pmh_assess.report.table"}, "pmh_assess.cli": set()}
    assert upward(edges) == ["pmh_assess.engine.scoring -> pmh_assess.report.table"]
    assert upward({"pmh_assess.report.cite": {"pmh_assess.coverage.xlsx"}}) == []  # one layer


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_only_import_downward(layer: str) -> None:
    edges = graph()
    above = [f"pmh_assess.{name}" for name in FORBIDDEN[layer]]
    wrong = sorted(
        f"{mod} -> {target}"
        for mod, targets in edges.items()
        if mod == layer or mod.startswith(layer + ".")
        for target in targets
        if any(target == a or target.startswith(a + ".") for a in above)
    )
    assert wrong == []
