"""Extracted text kept on disk, so that a rubric edit does not mean reading every PDF again.

An entry is keyed by the file's content hash (SHA-256), the PDF engine and the extractor
version (a digest of the reader code and the PDF libraries' versions): a moved or renamed
file is still found, a changed file is not, and a new version of a reader starts afresh.
An entry holds the pages and warnings as extracted and the prepared text (sentences with
their pages), tagged with the version of the text preparation code; when only that code
changed, the text is prepared again from the cached pages. Beside it, the evidence each
criterion found in that text is kept by the criterion's fingerprint (see `run/memo.py`),
so that scoring again with an unchanged or slightly edited rubric matches little or nothing.

Entries are JSON compressed with zlib (never pickle: a cache file is only ever data), and
written atomically, so an interrupted run or two runs at once never leave a half entry;
an entry that cannot be read is treated as missing and removed. Documents that needed a
password are never cached. The location follows the platform's conventions and can be
set with the environment variable PMH_ASSESS_CACHE_DIR.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..extract import Document, Page
from ..files.atomic import Data, pieces, replace_atomic

if TYPE_CHECKING:  # imported when used, as are the readers' versions and pydantic's JSON,
    from ..text import Text  # so that a run found whole in the cache imports little

ENV_VAR = "PMH_ASSESS_CACHE_DIR"
FORMAT = 1
SUFFIX = ".text.z"
EVIDENCE = ".evidence.z"
PLAN = ".plan.z"
ANCHORS = "anchors"
"""The kind of entry for term variants' anchors (what building the automaton works out)."""
PROGRAMS = "programs"
"""The kind of entry for term variants' compiled expressions (`engine.programs`)."""
PRIVATE = 0o600
"""Cache entries hold the text of the documents read: only their owner reads them."""


def default_cache_dir() -> Path:
    """$PMH_ASSESS_CACHE_DIR, else the platform's user cache folder + pmh-assess."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "pmh-assess" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "pmh-assess"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base / "pmh-assess"


def sources_digest(*folders: str, extra: tuple[str, ...] = (), recursive: bool = False) -> str:
    """A short digest of the package's code in `folders` (relative to the package, "" for
    the package itself; with `recursive`, their subfolders too) and of `extra` strings.

    It changes whenever that code does: what a cache key needs to say "made by this code".
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for part in extra:
        digest.update(part.encode() + b"\0")
    for folder in folders:
        where = package / folder
        sources = sorted(where.rglob("*.py") if recursive else where.glob("*.py"))
        if not sources:  # a key that hashed nothing would never change
            raise ValueError(f"no sources in {where}")
        for source in sources:
            name = source.relative_to(package).as_posix()
            digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


@cache
def extractor_version(engine: str) -> str:
    """Changes whenever extraction could give different pages."""
    libraries = versions(("pmh-assess", "pdfplumber", "pdfminer.six", "pypdfium2"))
    return sources_digest("extract", extra=(engine, *libraries))


def versions(packages: tuple[str, ...]) -> list[str]:
    """`name=version` of each installed package (`name=?` when it is not installed)."""
    found = _installed()
    out = []
    for package in packages:
        known = found.get(_project(package))
        out.append(f"{package}={known if known is not None else _version(package)}")
    return out


def _project(name: str) -> str:
    """A project's name as installers write it in their folders' names (PEP 503)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _installed() -> dict[str, str]:
    """The version of each project installed on the import path, from the names of its
    `name-version.dist-info` folders: what `importlib.metadata` says, without reading each
    project's metadata (a twentieth of a second on every run)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem = name.removesuffix(".dist-info")
            if stem != name and stem.count("-") == 1:
                project, version = stem.split("-")
                found.setdefault(_project(project), version)
    return found


def _version(package: str) -> str:
    """`importlib.metadata`'s version of a package not found that way, or ?."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


@cache
def text_version() -> str:
    """Changes whenever the same pages could give different sentences."""
    return sources_digest("text")


@cache
def code_version() -> str:
    """A digest of the whole package's code: any change may change a plan's result."""
    return sources_digest("", recursive=True)


@dataclass
class CacheInfo:
    root: Path
    entries: int
    bytes: int
    stale: int  # entries written by another extractor or text version


class TextCache:
    """Extracted pages and prepared text by (content hash, engine)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()

    @property
    def folder(self) -> Path:
        return self.root / f"v{FORMAT}"

    def entry_path(self, sha256: str, engine: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}-{engine}-{extractor_version(engine)}{SUFFIX}"

    def evidence_path(self, sha256: str, engine: str) -> Path:
        key = f"{sha256}-{engine}-{extractor_version(engine)}-{text_version()}"
        return self.folder / sha256[:2] / f"{key}{EVIDENCE}"

    def load_evidence(self, sha256: str, engine: str) -> dict[str, Any]:
        """Encoded evidence by criterion fingerprint for a document's text ({} if none)."""
        path = self.evidence_path(sha256, engine)
        try:
            data = loads(zlib.decompress(path.read_bytes()))
        except OSError:
            return {}
        except (ValueError, zlib.error):
            path.unlink(missing_ok=True)
            return {}
        return data if isinstance(data, dict) else {}

    def store_evidence(self, sha256: str, engine: str, evidence: dict[str, Any]) -> None:
        path = self.evidence_path(sha256, engine)
        with contextlib.suppress(OSError):
            replace_atomic(path, zlib.compress(dumps(evidence), 1), mode=PRIVATE)

    def load(
        self, sha256: str, engine: str, display_path: str
    ) -> tuple[Document, Text | None] | None:
        """The cached document (and its text, if prepared by this version), or None."""
        path = self.entry_path(sha256, engine)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        try:
            return decode(blob, display_path)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, zlib.error):
            path.unlink(missing_ok=True)  # a damaged or misshapen entry is a miss, and goes
            return None

    def store(self, engine: str, document: Document, text: Text) -> None:
        """Keep a document's pages and text; a cache that cannot be written is skipped."""
        if not document.cacheable:
            return
        path = self.entry_path(document.sha256, engine)
        with contextlib.suppress(OSError):
            replace_atomic(path, encode(document, text), mode=PRIVATE)

    def plan_path(self, key: str) -> Path:
        return self.blob_path("plans", key)

    def blob_path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}{PLAN}"

    def load_plan(self, key: str) -> bytes | None:
        """A plan result kept by `run.memo.PlanMemo`, as JSON."""
        return self.load_blob("plans", key)

    def store_plan(self, key: str, data: bytes) -> None:
        self.store_blob("plans", key, data)

    def load_blob(self, kind: str, key: str) -> bytes | None:
        """What `store_blob` kept under a kind of entry and a key, or None."""
        path = self.blob_path(kind, key)
        try:
            return zlib.decompress(path.read_bytes())
        except OSError:
            return None
        except zlib.error:
            path.unlink(missing_ok=True)
            return None

    def store_blob(self, kind: str, key: str, data: Data) -> bool:
        """Keep `data` (whole or in pieces, compressed as it comes); False when the cache
        cannot be written. Pieces are read once: after False, the caller has none left."""
        path = self.blob_path(kind, key)
        try:
            replace_atomic(path, _compressed(data), mode=PRIVATE)
        except OSError:
            return False
        return True

    def open_blob(self, kind: str, key: str) -> Iterator[bytes] | None:
        """What `store_blob` kept, decompressed in pieces as they are read, or None.

        The entry is opened at once, so that it is read whole even if it is replaced or
        removed meanwhile; a damaged entry raises zlib.error while it is read.
        """
        try:
            handle = self.blob_path(kind, key).open("rb")
        except OSError:
            return None
        return _decompressed(handle)

    def load_table(self, kind: str, version: str) -> Any:
        """A table the engine keeps for its code (`ANCHORS`: the term variants' anchors, see
        `engine.automaton.known_anchors`; `PROGRAMS`: their compiled programs, for this code
        and Python, see `engine.programs`), as read: the engine checks its shape."""
        blob = self.load_blob(kind, version)
        if blob is None:
            return {}
        try:
            return loads(blob)
        except ValueError:
            return {}

    def store_table(self, kind: str, version: str, table: dict[str, Any]) -> None:
        self.store_blob(kind, version, dumps(table))

    def info(self) -> CacheInfo:
        entries = stale = size = 0
        current = {extractor_version(engine) for engine in _engines()}
        for path in self._files():
            size += path.stat().st_size  # leftovers of interrupted writes take room too
            if path.name.endswith(SUFFIX) and not path.name.startswith("."):
                entries += 1
                if path.name[: -len(SUFFIX)].rsplit("-", 1)[-1] not in current:
                    stale += 1  # evidence goes with its text entry
        return CacheInfo(self.root, entries, size, stale)

    def clear(self) -> CacheInfo:
        """Remove every entry (and leftovers of interrupted writes); report what went."""
        before = self.info()
        for path in self._files():
            path.unlink(missing_ok=True)
        if self.folder.is_dir():
            for sub in sorted(self.folder.rglob("*"), reverse=True):
                if sub.is_dir() and not any(sub.iterdir()):
                    sub.rmdir()
        return before

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.rglob("*") if p.is_file())


def dumps(data: Any) -> bytes:
    """Cache entries' and workers' JSON (UTF-8), written by pydantic's serializer: the
    same data as the standard library's, three to four times faster."""
    import pydantic_core

    return pydantic_core.to_json(data, inf_nan_mode="constants")


def loads(blob: bytes) -> Any:
    """JSON as `dumps` writes it (any JSON), read twice as fast as the standard library."""
    import pydantic_core

    return pydantic_core.from_json(blob)


def _compressed(data: Data) -> Iterator[bytes]:
    packer = zlib.compressobj(1)
    for piece in pieces(data):
        yield packer.compress(piece)
    yield packer.flush()


def _decompressed(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        unpacker = zlib.decompressobj()
        while block := handle.read(1 << 16):  # about half a MB of JSON a piece
            yield unpacker.decompress(block)
        yield unpacker.flush()
        if not unpacker.eof:
            raise zlib.error("the entry ends early")


def _engines() -> tuple[str, ...]:
    from ..extract import ENGINES, READERS

    return ENGINES + tuple(sorted(set(READERS.values())))


def encode(document: Document, text: Text | None) -> bytes:
    """A document and its prepared text as compressed JSON (the cache and worker format)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "sha256": document.sha256,
        "pages": [[p.number, p.label, p.text] for p in document.pages],
        "warnings": document.warnings,
        "cacheable": document.cacheable,
    }
    if text is not None:
        data["text_version"] = text_version()
        data["text"] = text.text
        sentences = text.sentences
        data["sentences"] = [  # by column: much quicker to read back than one list each
            [s.start for s in sentences],
            [s.end for s in sentences],
            [s.page for s in sentences],
            [s.page_label for s in sentences],
            [s.paragraph for s in sentences],
            [s.section for s in sentences],
            [s.path for s in sentences],
            [s.lead for s in sentences],
        ]
        data["paragraphs"] = [[a for a, _ in text.paragraphs], [b for _, b in text.paragraphs]]
        data["paths"] = [list(p) for p in text.paths]
        data["page_sizes"] = [
            [n, chars, letters] for n, (chars, letters) in text.page_sizes.items()
        ]
    return zlib.compress(dumps(data), 1)


def decode(blob: bytes, display_path: str) -> tuple[Document, Text | None]:
    """Inverse of `encode`; the text is None when another text version prepared it."""
    from ..text import Sentence, Text

    data = loads(zlib.decompress(blob))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("another cache format")
    document = Document(
        path=display_path,
        sha256=str(data["sha256"]),
        pages=[
            Page(number=int(n), text=str(t), label=None if label is None else str(label))
            for n, label, t in data["pages"]
        ],
        warnings=[str(w) for w in data["warnings"]],
        cacheable=bool(data["cacheable"]),
    )
    text = None
    if data.get("text_version") == text_version():
        text = Text(
            text=data["text"],
            sentences=list(map(Sentence, *data["sentences"])),
            paragraphs=list(zip(*data["paragraphs"], strict=True)),
            paths=[tuple(p) for p in data["paths"]],
            page_sizes={n: (chars, letters) for n, chars, letters in data["page_sizes"]},
        )
        _check_text(text)
    return document, text


def _check_text(text: Text) -> None:
    """Refuse (ValueError) prepared text whose shape is wrong: JSON that parses is not
    yet an entry this code wrote, and a wrong one must be a miss, not a later crash."""
    size = len(text.text) if isinstance(text.text, str) else -1
    for s in text.sentences:
        if not (
            type(s.start) is int
            and type(s.end) is int
            and 0 <= s.start <= s.end <= size
            and type(s.page) is int
            and type(s.paragraph) is int
            and isinstance(s.section, str)
            and (s.page_label is None or isinstance(s.page_label, str))
            and type(s.path) is int
            and -1 <= s.path < len(text.paths)
            and type(s.lead) is int
            and -1 <= s.lead < len(text.sentences)
        ):
            raise ValueError("misshapen sentence in a cache entry")
    count = len(text.sentences)
    if not all(
        isinstance(p, tuple) and all(type(i) is int and 0 <= i < count for i in p)
        for p in text.paths
    ):
        raise ValueError("misshapen heading path in a cache entry")
    if not all(
        type(n) is int and type(c) is int and type(letters) is int
        for n, (c, letters) in text.page_sizes.items()
    ):
        raise ValueError("misshapen page sizes in a cache entry")
    if not all(type(a) is int and type(b) is int for a, b in text.paragraphs):
        raise ValueError("misshapen paragraph in a cache entry")
