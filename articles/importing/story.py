"""What every format shares once it has found the parts of a story.

A parser fills a ``Draft`` with what it found; ``finish_story`` cleans the text, picks the
lede, reads the byline, date line and agency prefix, detects the language and computes the
fingerprint, so that the same story gets the same result from any format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from articles.importing.dates import as_utc, parse_date, parse_date_line
from articles.importing.language import detect_language, language_code
from articles.importing.markup import strip_markup
from articles.importing.text import clean_text, fingerprint, normalise
from articles.importing.types import Block, BlockKind, ParsedStory, ParseFailure

DEFAULT_LANGUAGE = "fr"

FIELD_NAMES = {
    "title": "title",
    "headline": "title",
    "titre": "title",
    "lede": "lede",
    "chapo": "lede",
    "chapeau": "lede",
    "section": "section",
    "rubrique": "section",
    "category": "section",
    "source": "source",
    "url": "source_url",
    "source_url": "source_url",
    "link": "source_url",
    "lien": "source_url",
    "author": "author",
    "auteur": "author",
    "byline": "author",
    "language": "language",
    "lang": "language",
    "langue": "language",
    "published_at": "date",
    "date": "date",
    "published": "date",
}
"""Metadata names every format accepts (lower case), and the field each one fills."""

# "SadaNews - Des négociations ...", "KYIV (Reuters) — ...": an agency or outlet, then a dash.
_SOURCE_PREFIX = re.compile(
    r"(?P<prefix>[^\s\-–—][^\-–—]{0,59}?)\s+(?:--|[-–—])\s+(?P<rest>\S.*)", re.S
)
_PARENTHESISED = re.compile(r"\(([^()]{2,40})\)\s*$")
_MAX_SOURCE_WORDS = 4
_NAME_LINKS = frozenset(["de", "du", "des", "la", "le", "les", "of", "the", "and", "et", "&"])
_MIN_LEDE_AFTER_SOURCE = 20
_BYLINE = re.compile(r"(?i:par|by)\s+(?P<name>[A-ZÀ-Ý].*)")
_BYLINE_END = re.compile(r",|\s[-–—|]\s")
_MAX_BYLINE_WORDS = 8
_FINAL_PUNCTUATION = ".!?:;…»,"
_MAX_TITLE_CHARS = 300


@dataclass
class Draft:
    """The parts of a story as a parser found them, before cleaning."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    lede: str | None = None
    section: str | None = None
    source: str | None = None
    source_url: str | None = None
    author: str | None = None
    language: str | None = None
    published_at: datetime | None = None
    date_text: str | None = None
    warnings: list[str] = field(default_factory=list)

    def set_field(self, name: str, value: str) -> bool:
        """Fill the field a metadata ``name`` stands for; return False for an unknown name."""
        target = FIELD_NAMES.get(name.strip().lower())
        if target is None:
            return False
        value = value.strip()
        if not value:
            return True
        if target == "date":
            self.date_text = value
        elif target == "language":
            code = language_code(value)
            if code is None:
                self.warnings.append(f"unknown language {value!r} ignored")
            self.language = code or self.language
        else:
            setattr(self, target, value)
        return True


def finish_story(draft: Draft, *, original: str, filename: str) -> ParsedStory | ParseFailure:
    """Return the finished story that ``draft`` describes, or why it is not one."""
    warnings = list(draft.warnings)
    title = _clean(draft.title)
    if not title:
        return ParseFailure(filename, "no headline found")
    if len(title) > _MAX_TITLE_CHARS:
        warnings.append(f"the headline is unusually long ({len(title)} characters)")
    blocks = [
        Block(block.kind, text)
        for block in draft.blocks
        if (text := _clean(block.text)) and not same_text(text, title)
    ]
    author = _clean(draft.author)
    published_at = as_utc(draft.published_at) if draft.published_at else None
    if draft.date_text and published_at is None:
        published_at = parse_date(draft.date_text)
        if published_at is None:
            warnings.append(f"could not read the date {draft.date_text[:60]!r}")

    if draft.lede is None:
        # Before the lede, a short paragraph may be the byline or the date of the story.
        while blocks and blocks[0].kind == BlockKind.PARAGRAPH:
            name = byline_name(blocks[0].text)
            moment = None if name else parse_date_line(blocks[0].text)
            if name is None and moment is None:
                break
            author = author or name
            published_at = published_at or moment
            blocks.pop(0)
        lede_index = next(
            (i for i, block in enumerate(blocks) if block.kind == BlockKind.PARAGRAPH), None
        )
        lede = "" if lede_index is None else blocks.pop(lede_index).text
    else:
        lede = _clean(draft.lede) or ""
        first = next((b for b in blocks if b.kind == BlockKind.PARAGRAPH), None)
        if first is not None and lede and same_text(first.text, lede):
            blocks.remove(first)

    source = _clean(draft.source)
    prefix, rest = split_source_prefix(lede)
    if prefix is not None:
        source = source or prefix
        lede = rest
    if not lede and not blocks:
        warnings.append("no text besides the headline")

    language = draft.language
    if language is None:
        sample = " ".join([title, lede, *(block.text for block in blocks)])
        language = detect_language(sample) or DEFAULT_LANGUAGE

    return ParsedStory(
        title=title,
        lede=lede,
        blocks=tuple(blocks),
        original=original,
        filename=filename,
        section=_clean(draft.section),
        source=source,
        source_url=_web_address(draft.source_url, warnings),
        author=author,
        language=language,
        published_at=published_at,
        fingerprint=fingerprint(title, lede, blocks),
        warnings=tuple(warnings),
    )


def same_text(text: str, other: str) -> bool:
    """Return whether two texts read the same once normalised (case, quotes, spaces)."""
    # Normalising changes a length by little; most texts differ by far more, and are
    # told apart without normalising them.
    if abs(len(text) - len(other)) > max(len(text), len(other)) // 4 + 4:
        return False
    return normalise(text) == normalise(other)


def split_source_prefix(lede: str) -> tuple[str | None, str]:
    """Return the outlet named before a dash at the start of ``lede``, and the rest of it."""
    match = _SOURCE_PREFIX.match(lede)
    if match is None or len(match.group("rest")) < _MIN_LEDE_AFTER_SOURCE:
        return None, lede
    prefix = match.group("prefix").strip()
    agency = _PARENTHESISED.search(prefix)
    if agency is not None:
        # "KYIV, 20 déc (Reuters)": the place and day are a dateline, the agency the source.
        return agency.group(1).strip(), match.group("rest")
    words = prefix.split()
    # A name is capitalised word by word ("Kyiv Post", "Le Monde"); a sentence is not.
    if (
        len(words) > _MAX_SOURCE_WORDS
        or not prefix[0].isupper()
        or prefix[-1] in _FINAL_PUNCTUATION
        or any(char.isdigit() or char in ',"«“' for char in prefix)
        or not all(word[0].isupper() or word.lower() in _NAME_LINKS for word in words)
    ):
        return None, lede
    return prefix, match.group("rest")


def byline_name(line: str) -> str | None:
    """Return the name in a byline such as "Par Jeanne Martin" or "By John Smith", or None."""
    match = _BYLINE.fullmatch(line.strip())
    if match is None:
        return None
    name = _BYLINE_END.split(match.group("name"), maxsplit=1)[0].strip()
    if not name or len(name.split()) > _MAX_BYLINE_WORDS or name[-1] in _FINAL_PUNCTUATION:
        return None
    return name


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return clean_text(strip_markup(value)) or None


def _web_address(value: str | None, warnings: list[str]) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(char.isspace() for char in value)
    ):
        warnings.append(f"ignored the address {value[:80]!r}: not a web address")
        return None
    return value
