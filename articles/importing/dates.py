"""Publication dates, from metadata values or from a date line near the top of a story."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from articles.importing.text import clean_text

_MONTHS = (
    r"janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t"
    r"|sept?(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A cheap test before the slow parser: a day, a month and a year in one of the usual orders.
_DATE_SHAPE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"
    rf"|\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_DATE_LINE_PREFIX = re.compile(
    r"^(?:publi[ée]e?|mis\s+[àa]\s+jour|modifi[ée]e?|mise\s+[àa]\s+jour|published|updated"
    r"|posted|last\s+updated|date)\s*(?:le|on|:)?\s*",
    re.IGNORECASE,
)
_MAX_DATE_LINE_WORDS = 14
_MAX_DATE_LINE_CHARS = 100
_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    # Relative dates ("hier", "2 hours ago") depend on the day of the import, not the story.
    "PARSERS": ["custom-formats", "absolute-time"],
}
_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2100


def parse_date(value: str) -> datetime | None:
    """Return the moment written in ``value``, timezone-aware (UTC if none given), or None."""
    value = _DATE_LINE_PREFIX.sub("", clean_text(value))[:_MAX_DATE_LINE_CHARS]
    if not value or not any(char.isdigit() for char in value):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = _parse_natural(value)
        if moment is None:
            match = _DATE_SHAPE.search(value)
            if match is not None and match.group() != value:
                moment = _parse_natural(match.group())
    if moment is None or not _EARLIEST_YEAR <= moment.year <= _LATEST_YEAR:
        return None
    return as_utc(moment)


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC, taking a moment without timezone to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_date_line(line: str) -> datetime | None:
    """Return the date of a short line that holds only a date ("samedi 20 décembre 2025")."""
    line = clean_text(line)
    if len(line) > _MAX_DATE_LINE_CHARS or len(line.split()) > _MAX_DATE_LINE_WORDS:
        return None
    if _DATE_SHAPE.search(line) is None:
        return None
    return parse_date(line)


def _parse_natural(value: str) -> datetime | None:
    # dateparser takes about half a second to import: only pay for it when a date needs it.
    import dateparser

    try:
        return dateparser.parse(value, languages=["fr", "en"], settings=_SETTINGS)
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError, IndexError):
        return None
