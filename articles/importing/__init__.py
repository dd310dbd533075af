"""Read received files into stories: bytes in, ``ParsedStory`` or ``ParseFailure`` out.

Pure Python, with no Django: the database side lives in ``articles.services``.

Formats: plain text (``plaintext``), Markdown (``markdown``), article pages in HTML
(``html``), JSON and CSV records (``jsonfmt``, ``csvfmt``, fields in ``records``), RSS and
Atom feeds (``feeds``) and zip archives of any of these (``archives``). Each module's
docstring describes the layout it reads.
"""

from articles.importing.formats import parse_file, parse_text
from articles.importing.limits import (
    DEFAULT_MAX_BYTES,
    MAX_ARCHIVE_MEMBERS,
    MAX_ARCHIVE_TOTAL_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_STORIES_PER_FILE,
)
from articles.importing.text import fingerprint, normalise
from articles.importing.types import Block, BlockKind, ParsedStory, ParseFailure

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_ARCHIVE_TOTAL_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_STORIES_PER_FILE",
    "Block",
    "BlockKind",
    "ParseFailure",
    "ParsedStory",
    "fingerprint",
    "normalise",
    "parse_file",
    "parse_text",
]
