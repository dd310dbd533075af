"""RSS and Atom feeds, read with feedparser: each item is a story.

The item's title is the headline, its link the source address, its content (or summary)
the text, its first category the section; the feed's title is the source. Each story keeps
as its original text the item's title, link and content as the feed gave them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import feedparser

from articles.importing.limits import MAX_STORIES_PER_FILE, too_many_stories
from articles.importing.markup import markup_blocks, markup_to_text
from articles.importing.plaintext import text_blocks
from articles.importing.story import Draft, finish_story
from articles.importing.types import ParsedStory, ParseFailure

_MAX_ERROR_CHARS = 120
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_feed(
    data: bytes, filename: str, headers: Mapping[str, str] | None = None
) -> Iterator[ParsedStory | ParseFailure]:
    """Yield one story, or failure, for each item of an RSS or Atom feed.

    ``headers`` are HTTP-like headers; a charset in their content type overrides the one the
    XML declaration names.
    """
    # A file object, never bytes or str: feedparser would take those for a path or address.
    feed = feedparser.parse(
        io.BytesIO(data),
        response_headers=dict(headers or {}),
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    if not feed.entries and feed.get("bozo"):
        error = str(feed.get("bozo_exception", "not a feed"))[:_MAX_ERROR_CHARS]
        yield ParseFailure(filename, f"malformed feed: {error}")
        return
    if not feed.get("version"):
        # Any XML with <item> elements gives entries; only a known feed format is a feed.
        yield ParseFailure(filename, "not an RSS or Atom feed")
        return
    if not feed.entries:
        yield ParseFailure(filename, "feed has no items")
        return
    channel = feed.get("feed", {})
    for number, entry in enumerate(feed.entries[:MAX_STORIES_PER_FILE], start=1):
        yield _story(entry, channel, filename, f"item {number}")
    if len(feed.entries) > MAX_STORIES_PER_FILE:
        yield ParseFailure(filename, too_many_stories(len(feed.entries)))


def _story(
    entry: Mapping[str, object], channel: Mapping[str, object], filename: str, label: str
) -> ParsedStory | ParseFailure:
    draft = Draft()
    draft.title = _plain(entry.get("title_detail"), entry.get("title"))
    if not draft.title:
        return ParseFailure(filename, f"{label}: missing title")
    draft.source_url = _string(entry.get("link"))
    draft.author = _string(entry.get("author"))
    draft.source = _plain(None, _source_title(entry) or channel.get("title"))
    draft.section = _first_category(entry)
    draft.published_at = _moment(entry.get("published_parsed") or entry.get("updated_parsed"))
    if draft.published_at is None:
        draft.date_text = _string(entry.get("published") or entry.get("updated"))
    language = _string(channel.get("language"))
    if language:
        draft.set_field("language", language)

    detail = _content(entry)
    body = _string(detail.get("value")) or ""
    if detail.get("type") in _HTML_TYPES:
        draft.blocks = markup_blocks(body)
    else:
        draft.blocks = text_blocks(body, shaped_headings=False)
    heading = "\n".join(part for part in (draft.title, draft.source_url) if part)
    original = f"{heading}\n\n{body}" if body else heading
    story = finish_story(draft, original=original, filename=filename)
    if isinstance(story, ParseFailure):
        return ParseFailure(filename, f"{label}: {story.reason}")
    return story


def _content(entry: Mapping[str, object]) -> Mapping[str, object]:
    # Atom may give several contents; the longest is the full text, summary the teaser.
    contents = [item for item in entry.get("content") or () if isinstance(item, Mapping)]
    if contents:
        return max(contents, key=lambda item: len(_string(item.get("value")) or ""))
    summary = entry.get("summary_detail")
    if isinstance(summary, Mapping):
        return summary
    return {"type": "text/html", "value": _string(entry.get("summary")) or ""}


def _plain(detail: object, value: object) -> str:
    text = _string(value) or ""
    kind = detail.get("type") if isinstance(detail, Mapping) else "text/html"
    return markup_to_text(text) if kind in _HTML_TYPES else text


def _source_title(entry: Mapping[str, object]) -> str | None:
    source = entry.get("source")
    return _string(source.get("title")) if isinstance(source, Mapping) else None


def _first_category(entry: Mapping[str, object]) -> str | None:
    for tag in entry.get("tags") or ():
        if isinstance(tag, Mapping) and (term := _string(tag.get("term"))):
            return term
    return None


def _moment(parsed: object) -> datetime | None:
    # feedparser gives dates as UTC struct_time, a kind of tuple.
    if not isinstance(parsed, tuple) or len(parsed) < 6:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
