"""Stories in Markdown: "# Title", "## Heading" or "### Heading", and paragraphs.

Optional front matter between two "---" lines at the very top holds "name: value" lines with
the names of ``articles.importing.story.FIELD_NAMES`` (title, date, source, url, section,
language, author, lede...); other names and YAML lists are ignored. Without a "# " headline
or a title in the front matter, the text is read as plain text. Inline markup (emphasis,
links, code, images, raw HTML) is reduced to its text.
"""

from __future__ import annotations

import re

from articles.importing.markup import strip_markup
from articles.importing.plaintext import parse_plain_text
from articles.importing.story import Draft, finish_story
from articles.importing.text import clean_text, unify_line_ends
from articles.importing.types import Block, BlockKind, ParsedStory, ParseFailure

_FRONT_MATTER_FENCES = ("---", "...")
_MAX_FRONT_MATTER_LINES = 100
_FRONT_MATTER_FIELD = re.compile(r"(?P<name>[\w-]+)\s*:\s*(?P<value>.*)")
_ATX_HEADING = re.compile(r"(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*")
_SETEXT_UNDERLINE = re.compile(r"(?P<mark>=+|-+)\s*")
_RULE = re.compile(r"(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}")
_FENCE = re.compile(r"(?:```|~~~).*")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s+(?P<text>.*)")
_QUOTE_MARK = re.compile(r"^(?:>\s?)+")
# No span may cross the mark that opens it, so that a paragraph full of unmatched "[" or
# "**" is read in linear time.
_TARGET = r"\((?:[^()]|\([^()]{0,500}\)){0,2000}\)"
_IMAGE = re.compile(rf"!\[[^\[\]]{{0,500}}\]{_TARGET}")
_LINK = re.compile(rf"\[(?P<text>[^\[\]]{{0,500}})\]{_TARGET}")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^\s<>]+)>")
_STRONG = re.compile(
    r"\*\*(?=\S)(?P<text>[^*]{1,500}?)(?<=\S)\*\*|__(?=\S)(?P<under>[^_]{1,500}?)(?<=\S)__"
)
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)(?P<text>[^*]{1,500}?)(?<=\S)\*"
    r"|(?<!\w)_(?=\S)(?P<under>[^_]{1,500}?)(?<=\S)_(?!\w)"
)
_CODE = re.compile(r"`+(?P<text>[^`]*)`+")
_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!>])")


def parse_markdown(
    text: str, filename: str, original: str | None = None
) -> ParsedStory | ParseFailure:
    """Return the story written in the Markdown ``text``; ``original`` is it as received."""
    original = text if original is None else original
    lines = unify_line_ends(text).split("\n")
    draft = Draft()
    start = _read_front_matter(lines, draft)
    headline, draft.blocks = _blocks(lines[start:])
    if not draft.title:
        if headline is None:
            body = "\n".join(inline_text(line) for line in lines[start:])
            return parse_plain_text(body, filename, original=original, draft=draft)
        draft.title = headline
    return finish_story(draft, original=original, filename=filename)


def _read_front_matter(lines: list[str], draft: Draft) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)):
        if lines[index].strip() in _FRONT_MATTER_FENCES:
            for line in lines[1:index]:
                match = _FRONT_MATTER_FIELD.fullmatch(line.strip())
                if match is not None:
                    draft.set_field(match["name"], _unquoted(match["value"].strip()))
            return index + 1
    return 0


def _blocks(lines: list[str]) -> tuple[str | None, list[Block]]:
    # Returns the first level-one heading, the headline, apart from the other blocks.
    headline: str | None = None
    blocks: list[Block] = []
    paragraph: list[str] = []

    def add_heading(text: str, level: int) -> None:
        nonlocal headline
        text = clean_text(strip_markup(inline_text(text)))
        if level == 1 and headline is None:
            headline = text or None
        elif text:
            blocks.append(Block(BlockKind.HEADING, text))

    def flush() -> None:
        text = clean_text(strip_markup(inline_text(" ".join(paragraph))))
        if text:
            blocks.append(Block(BlockKind.PARAGRAPH, text))
        paragraph.clear()

    for raw in lines:
        line = _QUOTE_MARK.sub("", raw.strip()).strip()
        heading = _ATX_HEADING.fullmatch(line)
        underline = _SETEXT_UNDERLINE.fullmatch(line)
        item = _LIST_ITEM.fullmatch(line)
        if underline is not None and len(paragraph) == 1:
            # "Title" over "=====" or "-----" is a heading written the other way.
            add_heading(paragraph.pop(), 1 if underline["mark"][0] == "=" else 2)
        elif heading is not None:
            flush()
            add_heading(heading["text"], len(heading["marks"]))
        elif not line or _RULE.fullmatch(line) or _FENCE.fullmatch(line):
            flush()
        elif item is not None:
            flush()
            paragraph.append(item["text"])
        else:
            paragraph.append(line)
    flush()
    return headline, blocks


def inline_text(text: str) -> str:
    """Return Markdown inline text without its markup: links keep their text, images go."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\g<text>", text)
    text = _AUTOLINK.sub(r"\g<url>", text)
    text = _CODE.sub(r"\g<text>", text)
    # Emphasis on both sides of strong emphasis: "**a *b* c**" loses its inner marks
    # first, "***a***" its outer ones last.
    text = _EMPHASIS.sub(_marked_text, text)
    text = _STRONG.sub(_marked_text, text)
    text = _EMPHASIS.sub(_marked_text, text)
    return _ESCAPE.sub(r"\g<char>", text)


def _marked_text(match: re.Match[str]) -> str:
    return match["text"] or match["under"]


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
