"""Stories in CSV: a header row naming the fields, then one row per story.

The columns are the fields of ``articles.importing.records`` ("title" is required). The
delimiter (comma, semicolon, tab or bar) is detected. Rows are numbered as a spreadsheet
shows them: the header is row 1, the first story row 2.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator

from articles.importing.limits import MAX_STORIES_PER_FILE, too_many_stories
from articles.importing.records import parse_record
from articles.importing.story import FIELD_NAMES
from articles.importing.types import ParsedStory, ParseFailure

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 16_384
_TITLE_COLUMNS = frozenset(name for name, target in FIELD_NAMES.items() if target == "title")


def parse_csv(
    text: str, filename: str, *, tab_separated: bool = False, original: str | None = None
) -> Iterator[ParsedStory | ParseFailure]:
    """Yield one story, or failure, for each row of a CSV document.

    ``original`` is the document as received, kept by a story that is alone in it; other
    stories keep the header and their own row.
    """
    header, dialect = _header(text, tab_separated)
    if header is None:
        yield ParseFailure(filename, "CSV has no 'title' column")
        return
    rows: list[tuple[int, list[str]]] = []
    failure = None
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            if number > 1 and any(cell.strip() for cell in row):
                rows.append((number, row))
    except csv.Error as error:
        failure = ParseFailure(filename, f"malformed CSV at row {number + 1}: {error}")

    if not rows and failure is None:
        yield ParseFailure(filename, "CSV has a header row but no stories")
    for number, row in rows[:MAX_STORIES_PER_FILE]:
        record = dict(zip(header, row, strict=False))
        own = (original or text) if len(rows) == 1 else _as_csv(header, row, dialect)
        yield parse_record(record, filename=filename, original=own, label=f"row {number}")
    if len(rows) > MAX_STORIES_PER_FILE:
        yield ParseFailure(filename, too_many_stories(len(rows)))
    if failure is not None:
        yield failure


def _header(text: str, tab_separated: bool) -> tuple[list[str] | None, type[csv.Dialect]]:
    # Only the delimiter is taken from the sniffer: its guess of the quote character can be
    # the apostrophe of French text. When its guess yields no title column, so may another.
    delimiters = ["\t"] if tab_separated else []
    with contextlib.suppress(csv.Error):
        delimiters.append(csv.Sniffer().sniff(text[:_SNIFF_CHARS], _DELIMITERS).delimiter)
    delimiters.extend(_DELIMITERS)
    for delimiter in dict.fromkeys(delimiters):
        # Strict: a misplaced quote is an error to report, not text to guess around.
        dialect = type("Dialect", (csv.excel,), {"delimiter": delimiter, "strict": True})
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), dialect), [])
        except csv.Error:
            continue
        header = [cell.strip().lstrip("\ufeff").lower() for cell in first]
        if not _TITLE_COLUMNS.isdisjoint(header):
            return header, dialect
    return None, csv.excel


def _as_csv(header: list[str], row: list[str], dialect: type[csv.Dialect]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect, lineterminator="\n")
    writer.writerow(header)
    writer.writerow(row)
    return buffer.getvalue()
