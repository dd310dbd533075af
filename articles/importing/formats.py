"""Reading any received file: its format is told by its name, then by its content."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath

from articles.importing.archives import EMPTY_ZIP_MAGIC, ZIP_MAGIC, is_archive, parse_zip
from articles.importing.csvfmt import parse_csv
from articles.importing.decoding import UnreadableText, decode_bytes
from articles.importing.feeds import parse_feed
from articles.importing.html import declared_charset, parse_html
from articles.importing.jsonfmt import parse_json
from articles.importing.limits import DEFAULT_MAX_BYTES, describe_size
from articles.importing.markdown import parse_markdown
from articles.importing.plaintext import parse_plain_text
from articles.importing.text import unify_line_ends
from articles.importing.types import ParsedStory, ParseFailure

_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_TAGS = ("<rss", "<feed", "<rdf:rdf")
_SNIFF_CHARS = 2048
_OFFICE_SUFFIXES = frozenset(
    [".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".pages", ".numbers"]
)
_DOCUMENT_MAGICS = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
)
# The feed goes to feedparser re-encoded as UTF-8, whatever its XML declaration says.
_FEED_HEADERS = {"content-type": "application/xml; charset=utf-8"}

logger = logging.getLogger(__name__)


def parse_file(
    filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ParsedStory | ParseFailure]:
    """Yield every story of a received file, and a failure for each part that cannot be read.

    Never raises: whatever the bytes, each problem becomes a ``ParseFailure`` that names the
    file (``archive.zip/member.txt`` inside an archive) and the reason.
    """
    name = str(filename or "").strip() or "unnamed file"
    # A bug met on one strange file must not stop an import of many: it is logged for the
    # developers and becomes this file's failure.
    try:
        yield from _parse(name, bytes(data), max_bytes=max_bytes, in_archive=False)
    except Exception as error:
        logger.exception("Unexpected error while reading %s", name)
        yield ParseFailure(name, f"could not be read: unexpected {type(error).__name__}")


def parse_text(text: str, filename: str = "pasted.txt") -> ParsedStory | ParseFailure:
    """Return the story in text pasted into a form, read as a plain text file; never raises."""
    try:
        if not isinstance(text, str) or not text.strip():
            return ParseFailure(filename, "empty text")
        return parse_plain_text(text, filename, original=text)
    except Exception as error:
        logger.exception("Unexpected error while reading %s", filename)
        return ParseFailure(filename, f"could not be read: unexpected {type(error).__name__}")


def _parse(
    name: str, data: bytes, *, max_bytes: int, in_archive: bool
) -> Iterator[ParsedStory | ParseFailure]:
    if not data:
        yield ParseFailure(name, "empty file")
        return
    if len(data) > max_bytes:
        size, limit = describe_size(len(data)), describe_size(max_bytes)
        yield ParseFailure(name, f"file is {size}, over the {limit} limit")
        return
    suffix = PurePosixPath(name).suffix.lower()
    zipped = data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC))
    if zipped and suffix in _OFFICE_SUFFIXES:
        yield ParseFailure(name, f"not text: binary content (a {suffix} document)")
        return
    if suffix == ".zip" or zipped:
        if in_archive:
            yield ParseFailure(name, "nested archives are not imported")
            return
        member_parser = partial(_parse, max_bytes=max_bytes, in_archive=True)
        yield from parse_zip(data, name, max_bytes=max_bytes, parse_member=member_parser)
        return
    if is_archive(name, data):
        yield ParseFailure(name, "only zip archives are imported")
        return
    for magic, kind in _DOCUMENT_MAGICS:
        if data.startswith(magic):
            yield ParseFailure(name, f"not text: binary content ({kind})")
            return

    try:
        original = decode_bytes(data, declared_charset(data))
    except UnreadableText as error:
        yield ParseFailure(name, str(error))
        return
    if not original.strip():
        yield ParseFailure(name, "empty file")
        return
    text = unify_line_ends(original)
    kind = _format(suffix, text)
    if kind == "feed":
        yield from parse_feed(text.encode("utf-8"), name, headers=_FEED_HEADERS)
    elif kind == "json":
        yield from parse_json(text, name, original)
    elif kind in ("csv", "tsv"):
        yield from parse_csv(text, name, tab_separated=kind == "tsv", original=original)
    elif kind == "html":
        yield parse_html(text, name, original)
    elif kind == "markdown":
        yield parse_markdown(text, name, original)
    else:
        yield parse_plain_text(text, name, original=original)


def _format(suffix: str, text: str) -> str:
    known = _SUFFIXES.get(suffix)
    if known is not None and known != "text":
        return known
    head = text.lstrip()[:_SNIFF_CHARS].lower()
    if head.startswith(("<?xml", *_FEED_TAGS)) and any(tag in head for tag in _FEED_TAGS):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<?xml") and "<html" in head
    ):
        return "html"
    if known is None:
        # A file without a known name: its first characters tell its format.
        if head.startswith(("{", "[")) and text.rstrip().endswith(("}", "]")):
            return "json"
        if head.startswith(("---\n", "# ")):
            return "markdown"
    return "text"
