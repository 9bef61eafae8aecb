"""What keeps a hostile DOCX harmless: the zip archive and its declared sizes checked before
anything is inflated, reading stopped at the limit, and XML parsed with entities left unresolved
and a DOCTYPE refused (Word never writes one, so it can only be an entity trick)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from lxml import etree

from extractors.model import ExtractionError

MAX_PART_BYTES = 200 * 1024 * 1024  # uncompressed size of one member of the archive
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024  # uncompressed size of the whole archive
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD_BYTES = 4096  # where a DOCTYPE would stand: before the root element
_LOCAL_HEADER = b"PK\x03\x04"
_STORED_OR_DEFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise ExtractionError("empty file: a DOCX file cannot be 0 bytes")
    if data.startswith(_OLE2_MAGIC):
        raise ExtractionError(
            "not a DOCX file: this is a legacy Word .doc file (or a password-protected Office "
            "file); convert it to .docx (LibreOffice, or Save As .docx in Word)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK"):
            raise ExtractionError(
                "corrupt DOCX file: the zip archive is damaged or truncated (no central "
                "directory); the file may be incomplete"
            ) from None
        raise ExtractionError("not a DOCX file (not a zip archive)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise ExtractionError(
            f"corrupt DOCX file: the zip archive cannot be read ({exc})"
        ) from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_ARCHIVE_BYTES:
        raise ExtractionError(
            f"DOCX refused: its parts would inflate to {_mb(total)} (limit {_mb(MAX_ARCHIVE_BYTES)}"
            "); a zip bomb, or not a document"
        )
    return archive


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of one part, None when absent; refuses parts larger than the limit."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(name, info.file_size)
    if info.flag_bits & 0x1:
        raise _encrypted(name)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                size += len(chunk)
                if size > MAX_PART_BYTES:  # whatever the archive declares
                    raise ExtractionError(
                        f"DOCX refused: {name} inflates beyond {_mb(MAX_PART_BYTES)}; a zip bomb"
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ExtractionError(
            f"corrupt DOCX file: {name} cannot be read from the zip archive ({exc})"
        ) from None
    return b"".join(chunks)


def check_members(archive: zipfile.ZipFile, data: bytes) -> None:
    """Refuse, before python-docx opens the package, what it would read unchecked.

    python-docx reads every part the relationships reach and parses every XML part among them,
    so every member is checked here: its declared size, its encryption flag, and the head of
    each XML member for a DOCTYPE. zipfile never inflates a member beyond its declared size, so
    the declared sizes checked here and in :func:`open_zip` bound what python-docx inflates.
    """
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise _too_large(info.filename, info.file_size)
        if info.flag_bits & 0x1:
            raise _encrypted(info.filename)
        if info.filename.endswith((".xml", ".rels")):
            try:
                head = _head(archive, data, info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
                continue  # python-docx fails on it too, and the reader by name says why
            check_head(head, info.filename)


def _head(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member, inflated straight from the archive's bytes: zipfile's
    ``open`` (a seek, a header read, a decompressor) costs more than the check on every part.
    zipfile reads it when the local header is not where the directory says, or the member is
    neither stored nor deflated."""
    offset = info.header_offset  # from the start of data, a prefix before the archive counted
    if data[offset : offset + 4] == _LOCAL_HEADER and info.compress_type in _STORED_OR_DEFLATED:
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        # Deflate hardly expands: twice the head's size of input gives the head's size of output.
        raw = data[start : start + min(info.compress_size, 2 * _HEAD_BYTES)]
        if info.compress_type == zipfile.ZIP_STORED:
            return raw[:_HEAD_BYTES]
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, _HEAD_BYTES)
    with archive.open(info) as member:
        return member.read(_HEAD_BYTES)


def check_head(head: bytes, name: str) -> None:
    """Refuse a part whose first bytes declare a DOCTYPE (in UTF-8 or UTF-16)."""
    head = head[:_HEAD_BYTES]
    if _DOCTYPE.search(head) or any(d in head for d in _DOCTYPE_UTF16):
        raise _doctype_error(name)


def check_tree(root: etree._Element, name: str) -> None:
    """Refuse a parsed part that declares a DOCTYPE further than its first bytes."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _doctype_error(name)


def parse_xml(data: bytes, name: str) -> etree._Element:
    check_head(data, name)
    try:
        tree = etree.parse(io.BytesIO(data), PARSER)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"corrupt DOCX file: {name} is not well-formed XML ({exc})") from None
    root = tree.getroot()
    check_tree(root, name)
    return root


def _too_large(name: str, size: int) -> ExtractionError:
    return ExtractionError(
        f"DOCX refused: {name} would inflate to {_mb(size)} "
        f"(limit {_mb(MAX_PART_BYTES)}); a zip bomb, or not a document"
    )


def _encrypted(name: str) -> ExtractionError:
    return ExtractionError(f"DOCX refused: {name} is encrypted inside the zip archive")


def _doctype_error(name: str) -> ExtractionError:
    return ExtractionError(
        f"DOCX refused: {name} declares a DOCTYPE (XML entities); Word never writes one"
    )


def optional_part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """numbering.xml or styles.xml: None when absent or unreadable (a DOCTYPE still refuses)."""
    data = read_part(archive, name)
    if data is None:
        return None
    try:
        return parse_xml(data, name)
    except ExtractionError as exc:
        if "DOCTYPE" in str(exc):
            raise
        return None
