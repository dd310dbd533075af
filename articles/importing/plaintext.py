"""Plain text stories, the usual way stories reach the application.

The layout understood, every part but the headline being optional::

    Source: SadaNews                 metadata lines "Name: value" at the very top, ended
    Date: 20 décembre 2025           by a blank line; names: Source, Date, URL, Author,
    Language: fr                     Section, Language, Title, Lede (French names too:
                                     Auteur, Rubrique, Langue, Lien, Titre)
    Headline on the first line
    Dernières actualités             short line right after the headline: the section
    samedi 20 décembre 2025          a line holding only a date: the publication date
    Par Jeanne Martin                a byline: the author
    Headline on the first line       the headline repeated: dropped
    SadaNews - Des négociations…     first paragraph: the lede; "Outlet - " names the source
    Gains russes                     a short line alone, no final punctuation: a sub-heading
    Paragraph text …

Paragraphs are separated by blank lines, and a single line break inside a paragraph is read
as a space. A paragraph whose lines are long (more than 100 characters) or all end a sentence
was not wrapped by hand: each of its lines is a paragraph of its own. A line starting with
"## " is a sub-heading whatever its length.
"""

from __future__ import annotations

import re

from articles.importing.dates import parse_date_line
from articles.importing.story import Draft, byline_name, finish_story, same_text
from articles.importing.text import clean_text, unify_line_ends
from articles.importing.types import Block, BlockKind, ParsedStory, ParseFailure

_HEADER = re.compile(r"(?P<name>[^\W\d][\w ]{1,19}?)\s*:\s*(?P<value>.*)")
_MARKED_HEADING = re.compile(r"#{1,6}\s+(?P<text>.*?)\s*#*")
_FINAL_PUNCTUATION = ".!?:;…»,"
_SENTENCE_END = '.!?…»"”'
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“", "'": "'", "‘": "’"}
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 90
_MAX_RUBRIC_WORDS = 4
_MAX_RUBRIC_CHARS = 40
_LONG_LINE = 100


def parse_plain_text(
    text: str, filename: str, original: str | None = None, *, draft: Draft | None = None
) -> ParsedStory | ParseFailure:
    """Return the story written in plain ``text``; ``original`` is the text as received.

    ``draft`` holds what is already known of the story, such as Markdown front matter.
    """
    draft = Draft() if draft is None else draft
    lines = unify_line_ends(text).split("\n")
    groups = paragraph_groups(lines[_read_header(lines, draft) :])
    title_group: list[str] | None = None
    if not draft.title:
        if not groups:
            return ParseFailure(filename, "empty file")
        first = groups[0]
        if len(first) > 1 or len(groups) > 1:
            moment = parse_date_line(first[0])
            if moment is not None:
                draft.published_at = moment
                _consume(groups)
        if groups:
            title_group = groups[0]
            draft.title = _unmarked(title_group[0])
            _consume(groups)
    _read_head(groups, draft, title_group)
    draft.blocks = blocks_from_groups(groups)
    if draft.blocks and draft.blocks[-1].kind == BlockKind.HEADING:
        # A short last line ("Reuters", a signature) ends the story; it heads nothing.
        draft.blocks[-1] = Block(BlockKind.PARAGRAPH, draft.blocks[-1].text)
    return finish_story(draft, original=text if original is None else original, filename=filename)


def text_blocks(text: str, *, shaped_headings: bool = True) -> list[Block]:
    """Return the paragraphs and sub-headings of a body text.

    Lines starting with "## " are always sub-headings; with ``shaped_headings``, so are short
    lines standing alone without final punctuation.
    """
    lines = unify_line_ends(text).split("\n")
    return blocks_from_groups(paragraph_groups(lines), shaped_headings=shaped_headings)


def paragraph_groups(lines: list[str]) -> list[list[str]]:
    """Return the cleaned non-blank lines in groups that blank lines separate.

    A "## " heading line always stands in a group of its own.
    """
    groups: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = clean_text(raw)
        if _MARKED_HEADING.fullmatch(line) and current:
            groups.append(current)
            current = []
        if line:
            current.append(line)
        if current and (not line or _MARKED_HEADING.fullmatch(line)):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def blocks_from_groups(groups: list[list[str]], *, shaped_headings: bool = True) -> list[Block]:
    """Return the blocks that groups of lines stand for, joining lines wrapped by hand."""
    blocks: list[Block] = []
    for group in groups:
        if len(group) == 1 or _one_paragraph_per_line(group):
            blocks.extend(_line_block(line, shaped_headings) for line in group)
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, " ".join(group)))
    return [block for block in blocks if block.text]


def heading_text(line: str) -> str | None:
    """Return the sub-heading a line alone stands for, without wrapping quotes, or None."""
    text = line.strip()
    closing = _QUOTE_PAIRS.get(text[:1])
    if closing is not None and len(text) > 2 and text.endswith(closing):
        text = text[1:-1].strip()
    if (
        not text
        or text[-1] in _FINAL_PUNCTUATION
        or len(text) > _MAX_HEADING_CHARS
        or len(text.split()) > _MAX_HEADING_WORDS
        or "://" in text
        or not any(char.isalpha() for char in text)
        or text[0].islower()
    ):
        return None
    return text


def _read_header(lines: list[str], draft: Draft) -> int:
    index = 0
    found = False
    while index < len(lines):
        line = clean_text(lines[index])
        if not line:
            index += 1
            if found:
                break
            continue
        match = _HEADER.fullmatch(line)
        if match is None or not draft.set_field(match["name"], match["value"]):
            break
        found = True
        index += 1
    return index if found else 0


def _read_head(groups: list[list[str]], draft: Draft, title_group: list[str] | None) -> None:
    # Between the headline and the lede: rubric, date line, byline, repeated headline. Each
    # stands alone, or on the lines right under the headline; the first line of a
    # paragraph is not one of them.
    rubric_seen = False
    while groups and (len(groups[0]) == 1 or groups[0] is title_group):
        line = groups[0][0]
        if same_text(_unmarked(line), draft.title):
            pass
        elif (name := byline_name(line)) is not None:
            draft.author = draft.author or name
        elif (moment := parse_date_line(line)) is not None:
            draft.published_at = draft.published_at or moment
        elif not rubric_seen and _is_rubric(line):
            draft.section = draft.section or line
            rubric_seen = True
        else:
            return
        _consume(groups)


def _is_rubric(line: str) -> bool:
    return (
        len(line) <= _MAX_RUBRIC_CHARS
        and len(line.split()) <= _MAX_RUBRIC_WORDS
        and heading_text(line) == line
        and line[0].isupper()
    )


def _consume(groups: list[list[str]]) -> None:
    groups[0].pop(0)
    if not groups[0]:
        groups.pop(0)


def _unmarked(line: str) -> str:
    match = _MARKED_HEADING.fullmatch(line)
    return match["text"] if match else line


def _one_paragraph_per_line(group: list[str]) -> bool:
    return max(len(line) for line in group) > _LONG_LINE or all(
        line[-1] in _SENTENCE_END for line in group[:-1]
    )


def _line_block(line: str, shaped_headings: bool) -> Block:
    marked = _MARKED_HEADING.fullmatch(line)
    if marked is not None:
        return Block(BlockKind.HEADING, marked["text"])
    heading = heading_text(line) if shaped_headings else None
    if heading is not None:
        return Block(BlockKind.HEADING, heading)
    return Block(BlockKind.PARAGRAPH, line)
