"""Shortcuts shared by the importer tests."""

from __future__ import annotations

from articles.importing import ParsedStory, ParseFailure, parse_file


def parse_all(filename: str, data: bytes | str) -> list[ParsedStory | ParseFailure]:
    """Return every result of a file, text given as UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return list(parse_file(filename, data))


def parse_one(filename: str, data: bytes | str) -> ParsedStory:
    """Return the single story of a file, failing the test on anything else."""
    results = parse_all(filename, data)
    assert len(results) == 1, results
    story = results[0]
    assert isinstance(story, ParsedStory), story
    return story


def fail_one(filename: str, data: bytes | str) -> ParseFailure:
    """Return the single failure of a file, failing the test on anything else."""
    results = parse_all(filename, data)
    assert len(results) == 1, results
    failure = results[0]
    assert isinstance(failure, ParseFailure), failure
    return failure


def texts(story: ParsedStory) -> list[str]:
    """Return every text field of a story that reaches readers (not the original)."""
    fields = [story.title, story.lede, story.section, story.source, story.author]
    fields.append(story.source_url)
    return [field for field in fields if field] + [block.text for block in story.blocks]
