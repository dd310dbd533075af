"""Stories in JSON: one object, a list of objects, or an object whose "stories" is that list.

The fields of each object are those of ``articles.importing.records``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from articles.importing.limits import MAX_STORIES_PER_FILE, too_many_stories
from articles.importing.records import parse_record
from articles.importing.types import ParsedStory, ParseFailure

_MAX_ERROR_CHARS = 120


def parse_json(
    text: str, filename: str, original: str | None = None
) -> Iterator[ParsedStory | ParseFailure]:
    """Yield one story, or failure, for each object of a JSON document.

    ``original`` is the document as received, kept by a story that is alone in it.
    """
    original = text if original is None else original
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield ParseFailure(filename, f"malformed JSON at line {error.lineno}: {error.msg}")
        return
    except RecursionError:
        yield ParseFailure(filename, "malformed JSON: nested too deeply")
        return
    except ValueError as error:
        yield ParseFailure(filename, f"malformed JSON: {str(error)[:_MAX_ERROR_CHARS]}")
        return

    if isinstance(document, dict) and isinstance(document.get("stories"), list):
        items = document["stories"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        yield parse_record(document, filename=filename, original=original)
        return
    else:
        yield ParseFailure(filename, "JSON holds no story: expected an object or a list of objects")
        return
    if not items:
        yield ParseFailure(filename, "JSON holds an empty list of stories")
        return
    for number, item in enumerate(items[:MAX_STORIES_PER_FILE], start=1):
        label = f"item {number}"
        if not isinstance(item, dict):
            yield ParseFailure(filename, f"{label}: not an object")
            continue
        # Each story keeps its own object as its original text, not the whole file.
        own = original if len(items) == 1 else json.dumps(item, ensure_ascii=False, indent=2)
        yield parse_record(item, filename=filename, original=own, label=label)
    if len(items) > MAX_STORIES_PER_FILE:
        yield ParseFailure(filename, too_many_stories(len(items)))
