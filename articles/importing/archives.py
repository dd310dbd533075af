"""Zip archives: every file inside is read by the rules of its own format.

Archives are read in memory, never unpacked to disk. Folders, hidden files and the
"__MACOSX" folder are skipped; archives inside the archive are refused. Before anything is
unpacked the archive's own directory is checked against the limits of
``articles.importing.limits``, and reading stops at those limits whatever the directory says.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from articles.importing.limits import (
    MAX_ARCHIVE_MEMBERS,
    MAX_ARCHIVE_TOTAL_BYTES,
    MAX_COMPRESSION_RATIO,
    RATIO_CHECK_MIN_BYTES,
    describe_size,
)
from articles.importing.types import ParsedStory, ParseFailure

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# fmt: off
ARCHIVE_SUFFIXES = frozenset([
    ".zip", ".gz", ".tgz", ".tar", ".bz2", ".tbz2", ".xz", ".txz", ".7z", ".rar", ".zst",
    ".lz", ".lzma", ".cab", ".jar", ".war",
])
# fmt: on
_ARCHIVE_MAGICS = (
    ZIP_MAGIC,
    EMPTY_ZIP_MAGIC,
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x28\xb5\x2f\xfd",
)
_BOMB = "archive expands beyond the limit (zip bomb?)"
_ENCRYPTED_FLAG = 0x1

MemberParser = Callable[[str, bytes], Iterator[ParsedStory | ParseFailure]]


def is_archive(name: str, data: bytes) -> bool:
    """Return whether a file is an archive of any kind, by its name or its first bytes."""
    return PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES or data.startswith(
        _ARCHIVE_MAGICS
    )


def parse_zip(
    data: bytes, filename: str, *, max_bytes: int, parse_member: MemberParser
) -> Iterator[ParsedStory | ParseFailure]:
    """Yield the stories and failures of every file in a zip archive.

    ``parse_member`` reads one unpacked file given its name inside the archive.
    """
    # A damaged archive makes zipfile raise almost anything (BadZipFile, ValueError,
    # struct.error, EOFError...): every error here means the same to the reader.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not _skipped(info)]
    except Exception:
        yield ParseFailure(filename, "not a readable zip archive")
        return
    if not members:
        yield ParseFailure(filename, "archive holds no files")
        return
    if len(members) > MAX_ARCHIVE_MEMBERS:
        yield ParseFailure(
            filename, f"archive holds {len(members)} files, over the {MAX_ARCHIVE_MEMBERS} limit"
        )
        return
    if sum(info.file_size for info in members) > MAX_ARCHIVE_TOTAL_BYTES:
        yield ParseFailure(filename, _BOMB)
        return

    unpacked = 0
    for info in members:
        name = f"{filename}/{info.filename}"
        content = _unpack(archive, info, name, max_bytes, MAX_ARCHIVE_TOTAL_BYTES - unpacked)
        if isinstance(content, ParseFailure):
            yield content
            if content.reason == _BOMB:
                return
            continue
        unpacked += len(content)
        if is_archive(info.filename, content):
            yield ParseFailure(name, "nested archives are not imported")
            continue
        yield from parse_member(name, content)


def _skipped(info: zipfile.ZipInfo) -> bool:
    parts = PurePosixPath(info.filename).parts
    return info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _unpack(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, max_bytes: int, budget: int
) -> bytes | ParseFailure:
    if PurePosixPath(info.filename).suffix.lower() in ARCHIVE_SUFFIXES:
        return ParseFailure(name, "nested archives are not imported")
    if info.flag_bits & _ENCRYPTED_FLAG:
        return ParseFailure(name, "file is encrypted")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
        return ParseFailure(
            name, f"file expands {ratio:.0f} times when unpacked, over the limit (zip bomb?)"
        )
    if info.file_size > max_bytes:
        return ParseFailure(
            name,
            f"file is {describe_size(info.file_size)}, over the {describe_size(max_bytes)} limit",
        )
    limit = min(max_bytes, budget)
    try:
        with archive.open(info) as member:
            content = member.read(limit + 1)
    except Exception:
        return ParseFailure(name, "could not be unpacked: damaged or unsupported compression")
    if len(content) > budget:
        return ParseFailure(name, _BOMB)
    if len(content) > max_bytes:
        return ParseFailure(name, f"file is over the {describe_size(max_bytes)} limit")
    return content
