"""Whatever arrives, the importer answers with stories and failures, never an exception."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import ParsedStory, ParseFailure, parse_file, parse_text

SUFFIXES = [
    "",
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".json",
    ".csv",
    ".tsv",
    ".xml",
    ".rss",
    ".atom",
    ".zip",
    ".docx",
    ".gz",
    ".bin",
    ".TXT",
]
PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"PK\x03\x04",
    b"<?xml version='1.0'?><rss><channel><item><title>",
    b"<html><body><article><h1>",
    b'[{"title": ',
    b"title,body\n",
    b"---\ntitle: ",
    b"Source: ",
]

names = st.builds(
    lambda stem, suffix: stem + suffix,
    st.text(min_size=0, max_size=12),
    st.sampled_from(SUFFIXES),
)
contents = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(PREFIXES),
    st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
)


def relaxed(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def check(results: list[ParsedStory | ParseFailure]) -> None:
    assert results
    for result in results:
        assert isinstance(result, ParsedStory | ParseFailure)
        if isinstance(result, ParsedStory):
            assert result.title
            assert len(result.fingerprint) == 64
            assert result.published_at is None or result.published_at.tzinfo is not None
        else:
            assert result.reason
            assert "unexpected" not in result.reason


@relaxed(examples=150)
@given(name=names, data=contents)
def test_any_bytes_under_any_name(name: str, data: bytes) -> None:
    """Arbitrary bytes under arbitrary names give stories or failures, never an exception."""
    check(list(parse_file(name, data)))


@relaxed(examples=40)
@given(members=st.lists(st.tuples(names, contents), max_size=4))
def test_any_archive(members: list[tuple[str, bytes]]) -> None:
    """Arbitrary archive members give stories or failures, never an exception."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            # zipfile cuts a name at its first NUL; the index keeps names apart and non-empty.
            archive.writestr(f"{index}-{name.replace(chr(0), '')}", data)
    check(list(parse_file("upload.zip", buffer.getvalue())))


@relaxed(examples=100)
@given(text=st.text(max_size=600))
def test_any_pasted_text(text: str) -> None:
    """Arbitrary pasted text gives a story or a failure, never an exception."""
    check([parse_text(text)])
