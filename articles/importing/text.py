"""Whitespace cleaning for parsed fields, and the normalisation behind fingerprints.

Two levels on purpose: ``clean_text`` only tidies spacing, so that apostrophes, quotes and
guillemets reach the reader as the story wrote them; ``normalise`` also folds case, quotes and
dashes, and serves only to compare stories.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from articles.importing.types import Block

# Invisible characters that only get in the way of comparison and display: zero-width space,
# word joiner, byte order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_APOSTROPHES = re.compile("[’‘‚‛′ʼ´`]")
_QUOTES = re.compile("[“”„‟″«»‹›]")
_DASHES = re.compile("[‐‑‒–—―−]")
# French typography puts a (narrow) space inside guillemets and before double punctuation;
# English typography does not, and the same quote must compare equal either way.
_TYPOGRAPHIC_SPACES = (
    ("« ", "«"),
    (" »", "»"),
    ("‹ ", "‹"),
    (" ›", "›"),
    (" ;", ";"),
    (" :", ":"),
    (" !", "!"),
    (" ?", "?"),
)


def unify_line_ends(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line ends turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """Return ``text`` on one line: every run of spaces (nbsp, thin, narrow) as one space."""
    text = _CONTROLS.sub(" ", _INVISIBLE.sub("", text))
    return " ".join(text.split())


def normalise(text: str) -> str:
    """Return ``text`` folded for matching: NFKC, casefolded, one kind of quote, dash and space."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    text = " ".join(_CONTROLS.sub(" ", text).split())
    for spaced, tight in _TYPOGRAPHIC_SPACES:
        text = text.replace(spaced, tight)
    text = _APOSTROPHES.sub("'", text)
    text = _DASHES.sub("-", _QUOTES.sub('"', text))
    return text.casefold()


def fingerprint(title: str, lede: str, blocks: Iterable[Block | str]) -> str:
    """Return the sha256 hex digest of a story's normalised title, lede and body text."""
    parts = [normalise(title), normalise(lede)]
    parts.extend(normalise(block.text if isinstance(block, Block) else block) for block in blocks)
    payload = "\n".join(part for part in parts if part)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
