"""Which plans to score: files and folders in, plans (each one or more documents) out.

A folder is read recursively. A `plans.yaml` manifest groups documents into plans and
gives metadata (ICS, population, year, document type); any supported file it does not
list is a plan of its own, whose id is the file stem. A folder's README (`README.md`,
`readme.txt`, ...) says what the folder holds and is not a plan, unless named itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.errors import Problem, RubricError, UserError
from ..base.safe import terminal_text
from ..extract import SUFFIXES
from ..rubric.bundled import DEFAULT_RUBRIC, resolve_rubric

if TYPE_CHECKING:  # the manifest's schema and the results' models are imported when
    from ..results import ErrorItem  # used: finding the plans in folders needs neither
    from .manifest import Manifest

MANIFEST = "plans.yaml"
README = "a folder's README is not read as a plan (name the file itself to score it)"


_READ: dict[tuple[str, int, int, int], Manifest] = {}
"""Manifests read in this process, by path and the file's inode, size and modification
time: a run reads each one to choose the rubric, then again to find its plans."""


def _read_manifest(path: Path) -> Manifest:
    """`manifest.read_manifest`, once for a file as it stands."""
    from .manifest import read_manifest

    try:
        st = path.stat()
    except OSError:
        return read_manifest(path)  # which says what is wrong with it
    key = (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns)
    found = _READ.get(key)
    if found is None:
        found = read_manifest(path)
        if len(_READ) >= 32:
            _READ.clear()
        _READ[key] = found
    return found


def is_readme(path: Path) -> bool:
    """A README in a folder of plans: read by people, not scored."""
    return path.stem.casefold() == "readme"


@dataclass
class PlanSpec:
    id: str
    title: str
    documents: list[Path]
    metadata: dict[str, Any] = field(default_factory=dict)


def load_manifest(
    path: Path, *, allow_outside: bool = False, resolve: Callable[[Path], Path] = Path.resolve
) -> tuple[list[PlanSpec], list[ErrorItem]]:
    """Plans declared in a manifest; a missing or escaping document is an error item.
    `resolve` gives a document's real path (`discover` passes one that resolves each path
    once)."""
    manifest = _read_manifest(path)
    base = path.parent.resolve()
    plans: list[PlanSpec] = []
    errors: list[ErrorItem] = []
    seen: dict[str, str] = {}  # ids alike but for case are one file name on some systems
    for plan in manifest.plans:
        if plan.id.casefold() in seen:
            other = seen[plan.id.casefold()]
            alike = "" if other == plan.id else f" (as {other!r}: ids differ in more than case)"
            raise RubricError([Problem(str(path), 1, 1, f"duplicate plan id {plan.id!r}{alike}")])
        seen[plan.id.casefold()] = plan.id
        docs: list[Path] = []
        for doc in plan.documents:
            target = resolve(path.parent / doc)
            if not allow_outside and not target.is_relative_to(base):
                errors.append(
                    _error(
                        str(path.parent / doc),
                        f"plan {plan.id!r}: document path leaves the manifest's folder "
                        "(allow it with --allow-outside)",
                    )
                )
            elif not target.is_file():
                errors.append(
                    _error(str(path.parent / doc), f"plan {plan.id!r}: document not found")
                )
            else:
                docs.append(path.parent / doc)
        title = terminal_text(plan.title or plan.id)  # YAML can spell any control character
        plans.append(PlanSpec(plan.id, title, docs, dict(plan.metadata)))
    return plans, errors


def _error(path: str, message: str) -> ErrorItem:
    """An error item (the results' model, imported only when there is an error)."""
    from ..results import ErrorItem

    return ErrorItem(path=path, message=message)


def _manifests(path: Path) -> list[Path]:
    if path.is_file() and path.name == MANIFEST:
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob(MANIFEST) if not _hidden(p, path))
    return []


def rubric_for(paths: list[Path], option: str | None) -> Path:
    """The rubric to use: the option if given, else the one the manifests name, else the
    default. Manifests naming different rubrics need the option."""
    if option is not None:
        return resolve_rubric(option)
    named: dict[str, Path] = {}
    naming: dict[str, str] = {}  # manifest -> the rubric it names
    unnamed: list[str] = []  # manifests naming none, and documents outside any manifest
    for path in paths:
        manifests = _manifests(path)
        if not manifests and path.exists():
            unnamed.append(str(path))
        for manifest in manifests:
            try:
                declared = _read_manifest(manifest).rubric
            except UserError:
                continue  # `discover` reports the bad manifest; its plans are not scored
            if declared is None:
                unnamed.append(str(manifest))
            else:
                local = manifest.parent / declared
                key = str(local.resolve()) if local.is_file() else declared
                named[key] = local if local.is_file() else Path(declared)
                naming[str(manifest)] = declared
    if len(named) > 1 or (named and unnamed):
        parts = [f"{m} names {r}" for m, r in sorted(naming.items())]
        parts += [f"{u} names none (so {DEFAULT_RUBRIC})" for u in unnamed]
        raise UserError(
            "these plans need different rubrics: "
            + "; ".join(parts)
            + ". Score them separately, or choose one rubric for all with --rubric"
        )
    return resolve_rubric(next(iter(named.values()), None))


def discover(
    paths: list[Path], *, allow_outside: bool = False
) -> tuple[list[PlanSpec], list[ErrorItem]]:
    """Plans from files, folders (recursively) and manifests, in a stable order."""
    plans: list[PlanSpec] = []
    errors: list[ErrorItem] = []
    claimed: set[Path] = set()
    broken: list[Path] = []  # folders of manifests that could not be read
    declared: dict[str, Path] = {}  # plan id -> the manifest that declares it
    loose: list[Path] = []
    real: dict[Path, Path] = {}  # each path resolved once (a manifest's documents are found again)

    def resolved(path: Path) -> Path:
        found = real.get(path)
        if found is None:
            found = real[path] = path.resolve()
        return found

    for path in paths:
        if not path.exists():
            errors.append(_error(str(path), "no such file or folder"))
            continue
        for manifest in _manifests(path):
            try:
                found, errs = load_manifest(manifest, allow_outside=allow_outside, resolve=resolved)
            except UserError as exc:  # one bad manifest costs its own plans, not the run's
                errors.append(_manifest_error(manifest, exc))
                broken.append(manifest.parent.resolve())
                continue
            for plan in found:
                if plan.id.casefold() in declared:
                    raise UserError(
                        f"plan id {plan.id!r} is declared in both "
                        f"{declared[plan.id.casefold()]} and {manifest}: give each plan its "
                        "own id (ids that differ only in case are one file name on Windows "
                        "and macOS)"
                    )
                declared[plan.id.casefold()] = manifest
            plans.extend(found)
            errors.extend(errs)
            claimed.update(resolved(d) for plan in found for d in plan.documents)
        if path.is_dir():
            found_files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not _hidden(p, path)
                and not is_readme(p)
            )
            inside = path.resolve()
            for file in found_files:
                if resolved(file).is_relative_to(inside) or allow_outside:
                    loose.append(file)
                else:  # a link to a file elsewhere (/etc/passwd, another user's files)
                    errors.append(
                        _error(
                            str(file),
                            "a link to a file outside the folder: not followed "
                            "(name the file itself, or allow it with --allow-outside)",
                        )
                    )
        elif path.is_file() and path.name != MANIFEST:
            loose.append(path)
    seen_files: set[Path] = set()
    for file in loose:
        real_file = resolved(file)
        if real_file in claimed or real_file in seen_files:
            continue
        if any(real_file.is_relative_to(folder) for folder in broken):
            continue  # grouped by a manifest that could not be read: not guessed at
        seen_files.add(real_file)
        plans.append(PlanSpec(file.stem, file.stem, [file]))
    _unique_ids(plans)
    return plans, errors


UNREAD = {
    ".doc": "old Word format: save it as .docx or PDF",
    ".ppt": "slides are not read: save them as PDF",
    ".pptx": "slides are not read: save them as PDF",
    ".odt": "OpenDocument text is not read: save it as .docx or PDF",
    ".rtf": "RTF is not read: save it as .docx or PDF",
}


def unread_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files in the folders given that are not read as plan documents, with the reason."""
    known = ", ".join(sorted(SUFFIXES))
    out: list[tuple[Path, str]] = []
    for path in paths:
        if not path.is_dir():
            continue
        for p in sorted(path.rglob("*")):
            suffix = p.suffix.lower()
            if p.name == MANIFEST or _hidden(p, path) or not p.is_file():
                continue
            if suffix in SUFFIXES:
                if is_readme(p):
                    out.append((p, README))
                continue
            out.append((p, UNREAD.get(suffix, f"not a plan document (read: {known})")))
    return out


def _manifest_error(manifest: Path, exc: UserError) -> ErrorItem:
    """A manifest's problem as one error line (the first, with how many more)."""
    if isinstance(exc, RubricError) and exc.problems:
        first = exc.problems[0]
        more = len(exc.problems) - 1
        message = first.message + (f" (and {more} more problem(s))" if more else "")
        return _error(f"{first.path}:{first.line}:{first.column}", message)
    text = str(exc)
    prefix = f"{manifest}: "
    return _error(str(manifest), text.removeprefix(prefix))


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith((".", "_")) for part in parts)


def _unique_ids(plans: list[PlanSpec]) -> None:
    """Files whose stems are alike (the same, or differing only in case: one file name on
    a case-insensitive file system) get ids from their paths; ids still alike then get a
    number, so that no two plans share an id or a file named after it."""
    counts: dict[str, int] = {}
    for plan in plans:
        counts[plan.id.casefold()] = counts.get(plan.id.casefold(), 0) + 1
    for plan in plans:
        if counts[plan.id.casefold()] > 1 and len(plan.documents) == 1:
            stem = plan.documents[0].with_suffix("").as_posix()
            plan.id = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    taken: set[str] = set()
    for plan in plans:
        if plan.id.casefold() in taken:
            number = 2
            while f"{plan.id}-{number}".casefold() in taken:
                number += 1
            plan.id = f"{plan.id}-{number}"
        taken.add(plan.id.casefold())


def no_documents() -> UserError:
    """The error for paths that hold no plan document: it names the suffixes read."""
    return UserError(f"no plan documents found (looked for {', '.join(sorted(SUFFIXES))})")
