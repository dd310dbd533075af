"""Zip archives: each file read by its own format, within limits, never unpacked to disk."""

from __future__ import annotations

import io
import json
import random
import zipfile

from articles.importing import MAX_ARCHIVE_MEMBERS, MAX_ARCHIVE_TOTAL_BYTES, ParsedStory
from tests.importing.helpers import fail_one, parse_all


def make_zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def outcomes(data: bytes, name: str = "lot.zip") -> dict[str, str]:
    """Return each result's file name with the story title or the failure reason."""
    return {
        result.filename: result.title if isinstance(result, ParsedStory) else result.reason
        for result in parse_all(name, data)
    }


def test_members_of_every_format() -> None:
    """Every file inside is read by its own format and named after the archive."""
    data = make_zip(
        {
            "textes/kiev.txt": "Alerte aérienne à Kiev\n\nLes sirènes ont retenti toute la nuit.",
            "textes/": "",
            "depeches.json": json.dumps([{"title": "Première"}, {"title": "Seconde"}]),
            "page.html": "<html><body><h1>Une page</h1><p>Son texte.</p></body></html>",
            "notes.md": "# Des notes\n\nEn Markdown.",
            "latin.txt": "Réfugiés à la frontière\n\nLe flux continue.".encode("latin-1"),
        }
    )
    results = parse_all("lot.zip", data)
    assert [(result.filename, result.title) for result in results] == [
        ("lot.zip/textes/kiev.txt", "Alerte aérienne à Kiev"),
        ("lot.zip/depeches.json", "Première"),
        ("lot.zip/depeches.json", "Seconde"),
        ("lot.zip/page.html", "Une page"),
        ("lot.zip/notes.md", "Des notes"),
        ("lot.zip/latin.txt", "Réfugiés à la frontière"),
    ]


def test_bad_members_do_not_spoil_the_others() -> None:
    """Hidden files are skipped; empty, binary and nested archive members fail alone."""
    data = make_zip(
        {
            "__MACOSX/._story.txt": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
            "dossier/.cache": "ignored",
            "story.txt": "Titre\n\nTexte.",
            "empty.txt": "",
            "photo.txt": b"\x00\x01\x02\xff\xfe" * 20,
            "inner.zip": make_zip({"deep.txt": "Titre\n\nTexte."}),
            "disguised.txt": make_zip({"deep.txt": "Titre\n\nTexte."}),
            "backup.tar.gz": b"\x1f\x8b\x08\x00",
        }
    )
    assert outcomes(data) == {
        "lot.zip/story.txt": "Titre",
        "lot.zip/empty.txt": "empty file",
        "lot.zip/photo.txt": "not text: binary content",
        "lot.zip/inner.zip": "nested archives are not imported",
        "lot.zip/disguised.txt": "nested archives are not imported",
        "lot.zip/backup.tar.gz": "nested archives are not imported",
    }


def test_highly_compressible_member_is_a_zip_bomb() -> None:
    """A member that expands a thousandfold is refused as a zip bomb; the others import."""
    data = make_zip({"bomb.txt": b"\0" * (20 * 1024 * 1024), "story.txt": "Titre\n\nTexte."})
    assert len(data) < 100 * 1024
    result = outcomes(data)
    assert "zip bomb" in result["lot.zip/bomb.txt"]
    assert result["lot.zip/story.txt"] == "Titre"


def test_archive_expanding_beyond_the_limit() -> None:
    """An archive whose files add up to more than the limit is refused before unpacking."""
    member_size = MAX_ARCHIVE_TOTAL_BYTES // 4 + 1
    data = make_zip({f"part{index}.txt": b"a" * member_size for index in range(4)})
    failure = fail_one("big.zip", data)
    assert failure.reason == "archive expands beyond the limit (zip bomb?)"


def test_member_over_the_size_limit() -> None:
    """A member over the file size limit is refused like a file would be."""
    noise = random.Random(0).randbytes(3 * 1024 * 1024).hex()
    data = make_zip({"long.txt": "Titre\n\n" + noise})
    assert outcomes(data) == {"lot.zip/long.txt": "file is 6.0 MB, over the 5 MB limit"}


def test_too_many_members() -> None:
    """An archive with more files than the limit is refused whole."""
    data = make_zip({f"{index}.txt": "T\n\nx" for index in range(MAX_ARCHIVE_MEMBERS + 1)})
    failure = fail_one("many.zip", data)
    assert failure.reason == f"archive holds {MAX_ARCHIVE_MEMBERS + 1} files, over the 500 limit"


def test_damaged_archives() -> None:
    """A damaged or truncated archive is a failure, not an error."""
    whole = make_zip({"a.txt": "Titre\n\nTexte assez long pour être compressé. " * 20})
    assert fail_one("cut.zip", whole[: len(whole) // 2]).reason == "not a readable zip archive"
    assert fail_one("fake.zip", b"this is not a zip").reason == "not a readable zip archive"
    assert fail_one("empty.zip", make_zip({})).reason == "archive holds no files"


def test_damaged_member() -> None:
    """A member whose data is corrupt fails alone."""
    data = bytearray(make_zip({"a.txt": "Titre\n\n" + "Texte répété. " * 200, "b.txt": "B\n\nx"}))
    start = data.index(b"a.txt") + len("a.txt")
    data[start + 10 : start + 40] = b"\xff" * 30
    result = outcomes(bytes(data))
    assert result["lot.zip/a.txt"].startswith("could not be unpacked")
    assert result["lot.zip/b.txt"] == "B"
