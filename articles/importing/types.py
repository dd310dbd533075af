"""Data that the importer hands to the rest of the application."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """One piece of a story body: a sub-heading or a paragraph."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class ParsedStory:
    """A story read from a file, before anything is saved."""

    title: str
    lede: str
    blocks: tuple[Block, ...]
    original: str
    filename: str
    section: str | None = None
    source: str | None = None
    source_url: str | None = None
    author: str | None = None
    language: str = "fr"
    published_at: datetime | None = None
    fingerprint: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ParseFailure:
    """A file, or one item of a file, that could not be read, and why."""

    filename: str
    reason: str
