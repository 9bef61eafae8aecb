"""What RAW_DIR holds: every file qdx reads, with its digest, and what it cannot read or leaves out.

A run decides from this listing what is new, changed and gone, so the listing must never lose a
document that is only out of sight: a folder that cannot be listed is an entry of its own (its
documents keep their rows), and so is a file that cannot be read. Nothing outside RAW_DIR is
read: a link that leads out of it is left out with a reason, and so is anything that is not a
regular file (a FIFO would block the run). A file of a type qdx does not read (``notes.md``,
``README``, a spreadsheet) is left out with a reason too, so that a stray file does not fail a
nightly run; with ``strict`` it is a file like any other and fails as an unsupported type. A name
that is not UTF-8 fails alone, shown escaped.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

# The suffixes qdx reads, in any case: the keys of pipeline.build.extract.EXTRACTORS (a test
# checks they agree), listed here so that a listing of RAW_DIR imports no extractor.
READ_SUFFIXES = (".txt", ".docx", ".doc", ".pdf")


@dataclass(frozen=True, slots=True)
class Source:
    """An entry under RAW_DIR: a file and the digest of its bytes, or what could not be read.

    ``error`` says why a file or folder cannot be read (it fails alone, and a document read
    before keeps its rows); ``skipped`` why an entry is left out altogether (a link that leaves
    RAW_DIR, a FIFO, a file of a type qdx does not read). ``folder`` marks an unreadable
    folder, whose id ends with ``/``.
    """

    path: Path
    doc_id: str
    sha256: str | None
    error: str | None = None
    skipped: str | None = None
    folder: bool = False

    @property
    def source_path(self) -> str:
        """The path as text that can be written anywhere (bytes that are not UTF-8 escaped)."""
        return _text(self.path)

    def covers(self, doc_id: str) -> bool:
        """Whether a document lies under this unreadable folder (its rows must be kept)."""
        return self.folder and (self.doc_id == "/" or doc_id.startswith(self.doc_id))


def _text(path: Path) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), for one line of a
    terminal or a log: a file name can hold a newline or an escape sequence."""
    return _CONTROL_CHARACTERS.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _name_of(path: Path, raw_dir: Path) -> tuple[str, str | None]:
    """A document id (the path under RAW_DIR, POSIX form) and, for a name that is not UTF-8
    (bytes the file system gave, held as surrogates), the reason it cannot be a document: the
    id then shows the bytes escaped (``caf\\xe9.txt``)."""
    relative = path.relative_to(raw_dir).as_posix()
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return _text(Path(relative)), "file name is not valid UTF-8; rename the file"
    return relative, None


def walk(raw_dir: Path, *, strict: bool = False) -> list[Source]:
    """Every entry under ``raw_dir`` that is not hidden, sorted by path, without digests.

    Files are what qdx reads; a folder that cannot be listed is an entry with an ``error`` (its
    documents are not gone, only out of sight); a link that leads out of RAW_DIR, a link to a
    folder, a broken link, anything that is not a regular file (FIFO, socket, device) and,
    unless ``strict``, a file whose suffix is none of :data:`READ_SUFFIXES` are entries with a
    ``skipped`` reason. Links inside RAW_DIR are read (a copy is flagged as a duplicate later).
    """
    root = raw_dir.resolve()
    entries: list[Source] = []

    def unreadable(exc: OSError) -> None:
        folder = Path(exc.filename)
        # The folder's id ends with "/" (no document has such an id); RAW_DIR itself is "/".
        doc_id = f"{_name_of(folder, raw_dir)[0]}/" if folder != raw_dir else "/"
        reason = f"folder cannot be read: {exc.strerror or exc}"
        entries.append(Source(folder, doc_id, None, reason, folder=True))

    for folder, dirs, files in os.walk(raw_dir, onerror=unreadable):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                doc_id, _ = _name_of(here / name, raw_dir)
                entries.append(Source(here / name, doc_id, None, skipped="a link to a folder"))
        for name in files:
            if not name.startswith("."):
                entries.append(_file_entry(here / name, raw_dir, root, strict))
    return sorted(entries, key=lambda e: e.path.parts)


def _file_entry(path: Path, raw_dir: Path, root: Path, strict: bool = False) -> Source:
    doc_id, bad_name = _name_of(path, raw_dir)
    if bad_name:
        return Source(path, doc_id, None, bad_name)
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            shown = _text(target)
            return Source(path, doc_id, None, skipped=f"a link to {shown}, outside RAW_DIR")
        if not target.exists():
            return Source(path, doc_id, None, skipped="a broken link")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Source(path, doc_id, None, exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return Source(path, doc_id, None, skipped="not a regular file")
    if not strict and path.suffix.lower() not in READ_SUFFIXES:
        return Source(path, doc_id, None, skipped=unread_type(path))
    return Source(path, doc_id, None)


def unread_type(path: Path) -> str:
    """Why a file is left out: ``not a file type qdx reads: '.md' (it reads .txt, …)``."""
    suffix = repr(path.suffix) if path.suffix else "no extension"
    return f"not a file type qdx reads: {suffix} (it reads {', '.join(READ_SUFFIXES)})"


def doc_id_for(path: Path, raw_dir: Path) -> str:
    """A document's id: its path under the raw folder, in POSIX form."""
    return _name_of(path, raw_dir)[0]


def _digest(path: Path) -> tuple[str | None, str | None]:
    """The SHA-256 of a file read in blocks (memory stays flat whatever its size), or the
    reason it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest(), None
    except OSError as exc:
        return None, exc.strerror or str(exc)


def scan(raw_dir: Path, *, strict: bool = False) -> list[Source]:
    """Every entry under ``raw_dir`` (:func:`walk`), files with their content digest."""
    sources = []
    for entry in walk(raw_dir, strict=strict):
        if entry.error or entry.skipped:
            sources.append(entry)
            continue
        sha256, error = _digest(entry.path)
        sources.append(replace(entry, sha256=sha256, error=error))
    return sources
