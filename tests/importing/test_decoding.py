"""Bytes to text: encodings, line ends, and files that are not text at all."""

from __future__ import annotations

import codecs

import pytest

from articles.importing import DEFAULT_MAX_BYTES, parse_file
from tests.importing.helpers import fail_one, parse_one

TITLE = "Évacuation d’urgence à Kherson"
LEDE = "Les autorités ont ordonné l’évacuation des quartiers proches du fleuve, à l’aube."
TEXT = f"{TITLE}\n\n{LEDE}\n\nLes bus partiront à 8 h.\n"
PLAIN_QUOTES_TEXT = TEXT.replace("’", "'")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(TEXT.encode("utf-8-sig"), id="utf-8-sig"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(TEXT.encode("utf-32"), id="utf-32-bom"),
        pytest.param(TEXT.encode("cp1252"), id="cp1252"),
    ],
)
def test_encodings_give_the_same_story(data: bytes) -> None:
    """The same story decodes to the same text and fingerprint from every encoding."""
    reference = parse_one("ref.txt", TEXT)
    story = parse_one("story.txt", data)
    assert story.title == TITLE
    assert story.lede == LEDE
    assert story.original == TEXT
    assert story.fingerprint == reference.fingerprint


def test_windows_1252_curly_quotes_and_accents() -> None:
    """Windows-1252 bytes 0x92, 0x93, 0x94 read as curly quotes, 0xE9 as é."""
    data = b"D\xe9bat \x93anim\xe9\x94 \xe0 l\x92Assembl\xe9e\n\nLe texte a \xe9t\xe9 adopt\xe9."
    story = parse_one("cp1252.txt", data)
    assert story.title == "Débat “animé” à l’Assemblée"
    assert story.lede == "Le texte a été adopté."


def test_latin_1_keeps_its_accents() -> None:
    """A Latin-1 file decodes with its accents."""
    story = parse_one("latin1.txt", PLAIN_QUOTES_TEXT.encode("latin-1"))
    assert story.title == "Évacuation d'urgence à Kherson"
    assert story.lede.startswith("Les autorités ont ordonné l'évacuation")


def test_other_legacy_encodings_are_guessed() -> None:
    """A legacy encoding that is not Western, such as Windows-1251, is recognised."""
    text = "Переговоры в Женеве\n\nДелегации встретились во вторник и обсудили обмен пленными."
    story = parse_one("cyrillic.txt", text.encode("cp1251"))
    assert story.title == "Переговоры в Женеве"
    assert story.language == "ru"


def test_html_declared_charset_is_used() -> None:
    """A page declaring its charset in a meta tag is decoded with it."""
    page = (
        '<html><head><meta charset="iso-8859-15"><title>Été</title></head>'
        "<body><p>Coût : 5 €.</p></body></html>"
    )
    story = parse_one("page.html", page.encode("iso-8859-15"))
    assert story.title == "Été"
    assert story.lede == "Coût : 5 €."


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\n"])
def test_line_ends(line_end: str) -> None:
    """CRLF and CR line ends read like LF, and the original keeps them."""
    text = TEXT.replace("\n", line_end)
    story = parse_one("ends.txt", text)
    assert story.title == TITLE
    assert story.lede == LEDE
    assert story.blocks[0].text == "Les bus partiront à 8 h."
    assert story.original == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \n\r\n\t ", "empty file", id="blank"),
        pytest.param("\n\n".encode("utf-16"), "empty file", id="blank-utf-16"),
        pytest.param(
            b"\x00\x01\x02\x03\xfe\x00\x10binary\x00", "not text: binary content", id="nul"
        ),
        pytest.param(bytes(range(1, 32)) * 4, "not text: binary content", id="controls"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3", "not text: binary content (a PDF document)", id="pdf"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "not text: binary content (an image)", id="png"),
        pytest.param(b"\xef\xbb\xbfLe titre\xff\xfe", "could not decode text", id="bad-utf8-bom"),
        pytest.param(b"\xff\xfe\x00\xd8A\x00", "could not decode text", id="bad-utf16-bom"),
    ],
)
def test_unreadable_bytes(data: bytes, reason: str) -> None:
    """Empty files, binary junk and undecodable bytes are failures with a clear reason."""
    failure = fail_one("upload.txt", data)
    assert failure.filename == "upload.txt"
    assert failure.reason.startswith(reason)


def test_over_the_size_limit() -> None:
    """A file over the limit is refused with its size and the limit, before any reading."""
    data = b"a" * (DEFAULT_MAX_BYTES + 300 * 1024)
    failure = fail_one("huge.txt", data)
    assert failure.reason == "file is 5.3 MB, over the 5 MB limit"


def test_size_limit_can_be_lowered() -> None:
    """The caller may set a smaller limit."""
    results = list(parse_file("small.txt", b"Titre\n\n" + b"x" * 2000, max_bytes=1024))
    assert [result.reason for result in results] == ["file is 2 KB, over the 1 KB limit"]


def test_office_document_is_not_an_archive() -> None:
    """A Word document (a zip inside) is refused as binary, not opened as an archive."""
    failure = fail_one("rapport.docx", b"PK\x03\x04" + b"\x00" * 40)
    assert failure.reason == "not text: binary content (a .docx document)"


@pytest.mark.parametrize("name", ["export.tar.gz", "export.7z", "export.rar"])
def test_other_archives_are_refused(name: str) -> None:
    """Only zip archives are opened; other archive formats are named as such."""
    failure = fail_one(name, b"\x1f\x8b\x08\x00\x00\x00\x00\x00")
    assert failure.reason == "only zip archives are imported"
