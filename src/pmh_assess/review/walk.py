"""A reviewer's walk through the criteria they have not yet rated, one answer at a time.

Every answer is written to the overrides file at once (the whole file, atomically), so
stopping at any moment, even by killing the process, loses nothing; running the same
review again starts at the first criterion still without a reviewer rating. A skipped
criterion is not recorded, so the next run offers it again. Derived criteria are not
asked: they follow from the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import UserError
from ..plans import PlanSpec
from ..rubric.model import Rubric
from .overrides import Memo, Override, Overrides, load_overrides

SKIP = "skip"
QUIT = "quit"


@dataclass(frozen=True)
class Item:
    plan: PlanSpec
    criterion: str


def pending(
    specs: list[PlanSpec],
    rubric: Rubric,
    overrides: Overrides,
    criteria: list[str] | None = None,
) -> list[Item]:
    """Plan and criterion pairs without a reviewer rating, plan by plan in rubric order."""
    known = {c.id for c in rubric.criteria}
    for cid in criteria or []:
        if cid not in known:
            raise UserError(f"no criterion {cid!r} in rubric {rubric.id}")
    wanted = [
        c.id for c in rubric.criteria if c.derived is None and (not criteria or c.id in criteria)
    ]
    return [
        Item(spec, cid) for spec in specs for cid in wanted if overrides.get(spec.id, cid) is None
    ]


def shortcuts(levels: list[str]) -> dict[str, str]:
    """Answers that pick a level: its number, its name, and its first letter if unique."""
    keys: dict[str, str] = {}
    firsts = [level[:1].lower() for level in levels]
    for i, level in enumerate(levels, start=1):
        keys[str(i)] = level
        keys[level.lower()] = level
        first = level[:1].lower()
        if firsts.count(first) == 1 and first not in ("s", "q"):
            keys[first] = level
    return keys


def parse_answer(answer: str, levels: list[str], default: str) -> str:
    """A level, SKIP or QUIT; an empty answer takes `default` (the machine's rating)."""
    text = answer.strip().lower()
    if not text:
        return default
    if text in ("s", "skip"):
        return SKIP
    if text in ("q", "quit"):
        return QUIT
    level = shortcuts(levels).get(text)
    if level is None:
        raise ValueError(f"{answer.strip()!r} is not one of: {choices(levels)}")
    return level


def choices(levels: list[str]) -> str:
    keys = shortcuts(levels)
    named = []
    for i, level in enumerate(levels, start=1):
        letter = next(
            (k for k, v in keys.items() if v == level and len(k) == 1 and k.isalpha()), None
        )
        named.append(f"{i}/{letter}={level}" if letter else f"{i}={level}")
    return ", ".join(named) + ", s=skip, q=quit"


def record(
    overrides: Overrides,
    item: Item,
    rating: str,
    reviewer: str,
    note: str = "",
    day: dt.date | None = None,
    *,
    blind: bool = False,
) -> Override:
    """Add the answer and save the whole file before returning; `blind` says whether the
    machine's rating was out of view when it was given."""
    entry = Override(
        plan=item.plan.id,
        criterion=item.criterion,
        rating=rating,
        reviewer=reviewer,
        note=note.strip(),
        date=(day or dt.date.today()).isoformat(),
        blind=blind,
    )
    if overrides.path is None:
        raise ValueError("no path to save overrides to")
    overrides.entries = save_answer(overrides.path, entry).entries
    return entry


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock file beside `path` (PATH.lock): one writer at a time re-reads and writes.

    The lock is advisory (flock); it is released when the holder ends, even by a crash.
    The holder removes the lock file before letting go, so none is left beside the file
    once every writer is done. A writer that was waiting on a file removed meanwhile finds
    the lock it got is no longer the file at PATH.lock and takes the new one instead.
    """
    lock = path.with_name(path.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = open(lock, "a+b")  # noqa: SIM115 (closed below, after the removal)
        if sys.platform == "win32":
            break
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if os.stat(lock).st_ino == os.fstat(handle.fileno()).st_ino:
                break
        except FileNotFoundError:
            pass
        handle.close()  # removed by the writer before: lock the file there now
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # Windows keeps an open file: it stays there
            lock.unlink()
        handle.close()


def save_answer(path: Path, entry: Override) -> Overrides:
    """Add one answer to the overrides file as it is on disk now, and write it atomically.

    The file is read again under its lock, so answers another program (`review`, or the
    workbench of `serve`) saved since this one last read it are kept, not overwritten.
    """
    with locked(path):
        current = load_overrides(path, missing_ok=True)
        current.put(entry)
        current.save()
    return current


def save_memo(
    path: Path, plan: str, criterion: str | None, note: str, reviewer: str | None
) -> Overrides:
    """Keep a memo on a plan (criterion None) or one of its criteria, as `save_answer`
    keeps an answer; an empty note removes the memo. A memo is never a rating: the file's
    ratings are written back as they were."""
    with locked(path):
        current = load_overrides(path, missing_ok=True)
        if note.strip():
            current.put_memo(
                Memo(
                    plan=plan,
                    criterion=criterion,
                    note=note.strip()[:20_000],
                    reviewer=reviewer,
                    date=dt.date.today().isoformat(),
                )
            )
        else:
            current.drop_memo(plan, criterion)
        current.save()
    return current
