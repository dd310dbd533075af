"""Stories given as records of named fields: JSON objects and CSV rows share these names.

Fields (names are case-insensitive; unknown fields are ignored):

- ``title`` (required; also ``headline``, ``titre``)
- ``body``: the text, paragraphs separated by blank lines, "## " before a sub-heading
  (also ``text``, ``content``)
- ``paragraphs``: instead of ``body``, a list of paragraphs; an item starting with "## ", or
  an object ``{"type": "heading", "text": ...}``, is a sub-heading
- ``lede`` (when absent, the first paragraph of the body), ``section``, ``source``,
  ``url`` (also ``source_url``, ``link``), ``author``, ``language`` (also ``lang``),
  ``published_at`` (ISO 8601 or a written date such as "20 décembre 2025"; also ``date``)
"""

from __future__ import annotations

from collections.abc import Mapping

from articles.importing.plaintext import text_blocks
from articles.importing.story import FIELD_NAMES, Draft, finish_story
from articles.importing.types import Block, BlockKind, ParsedStory, ParseFailure

_BODY_NAMES = ("body", "text", "content")
_TITLE_NAMES = tuple(name for name, target in FIELD_NAMES.items() if target == "title")
_HEADING_MARK = "## "


def parse_record(
    record: Mapping[str, object], *, filename: str, original: str, label: str = ""
) -> ParsedStory | ParseFailure:
    """Return the story a record of named fields describes; ``label`` prefixes failures."""
    prefix = f"{label}: " if label else ""
    fields = {str(name).strip().lower(): value for name, value in record.items()}
    draft = Draft()
    for name, value in fields.items():
        if name in _BODY_NAMES or name == "paragraphs":
            continue
        text = _names(value) if FIELD_NAMES.get(name) == "author" else _as_text(value)
        if text is not None:
            draft.set_field(name, text)
        elif value is not None and name in FIELD_NAMES:
            draft.warnings.append(f"ignored the field {name!r}: not text")
    if not draft.title.strip():
        given = next((fields[name] for name in _TITLE_NAMES if name in fields), None)
        missing = given is None or (isinstance(given, str) and not given.strip())
        return ParseFailure(
            filename, prefix + ("missing title" if missing else "title is not text")
        )

    body = next((fields[name] for name in _BODY_NAMES if fields.get(name) is not None), None)
    paragraphs = fields.get("paragraphs")
    if isinstance(paragraphs, list):
        draft.blocks = _paragraph_blocks(paragraphs)
    elif isinstance(paragraphs, str):
        draft.blocks = text_blocks(paragraphs, shaped_headings=False)
    elif isinstance(body, str):
        draft.blocks = text_blocks(body, shaped_headings=False)
    elif isinstance(body, list):
        draft.blocks = _paragraph_blocks(body)
    elif body is not None:
        draft.warnings.append("ignored the body: not text")
    story = finish_story(draft, original=original, filename=filename)
    if isinstance(story, ParseFailure) and prefix:
        return ParseFailure(filename, prefix + story.reason)
    return story


def _paragraph_blocks(items: list[object]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Mapping):
            text = _as_text(item.get("text"))
            kind = str(item.get("type") or item.get("kind") or "").lower()
            if text:
                heading = kind == BlockKind.HEADING
                blocks.append(Block(BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text))
        elif (text := _as_text(item)) is not None:
            if text.startswith(_HEADING_MARK):
                blocks.append(Block(BlockKind.HEADING, text[len(_HEADING_MARK) :]))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text))
    return blocks


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        # An author or publisher given as an object, as schema.org writes them.
        name = value.get("name")
        return name if isinstance(name, str) else None
    return None


def _names(value: object) -> str | None:
    # Several authors come as a list of names or of objects with a name.
    if not isinstance(value, list):
        return _as_text(value)
    names = [name for item in value if (name := _as_text(item))]
    return ", ".join(names) or None
