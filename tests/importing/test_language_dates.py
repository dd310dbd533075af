"""Language detection and publication dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.importing.dates import parse_date, parse_date_line
from articles.importing.language import detect_language, language_code
from tests.importing.helpers import parse_one


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les négociations ont repris dans la capitale, selon un diplomate.", "fr"),
        ("L'armée a annoncé qu'elle se retirait de la zone d'ici jeudi.", "fr"),
        ("The talks resumed in the capital on Monday, a diplomat said.", "en"),
        ("Officials said that the convoy had been stopped at the border.", "en"),
        ("Ukraine", None),
        ("", None),
    ],
)
def test_french_or_english(text: str, language: str | None) -> None:
    """Function words tell French from English, and say nothing about a bare name."""
    assert detect_language(text) == language


def test_other_language() -> None:
    """A story in neither French nor English gets its own language code."""
    text = (
        "El gobierno anunció este lunes un nuevo paquete de ayudas para las familias "
        "afectadas por las inundaciones, que han dejado miles de desplazados en la región "
        "según los datos publicados por las autoridades locales."
    )
    assert detect_language(text) == "es"


def test_detection_is_deterministic() -> None:
    """The same text always gets the same language."""
    text = (
        "Der Konvoi erreichte die Stadt am Freitag nach wochenlangen Verhandlungen "
        "mit den Behörden vor Ort und im Ausland."
    )
    assert len({detect_language(text) for _ in range(5)}) == 1


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("fr", "fr"),
        ("fr-FR", "fr"),
        ("en_GB", "en"),
        ("French", "fr"),
        ("anglais", "en"),
        ("de", "de"),
        ("??", None),
    ],
)
def test_language_codes(value: str, code: str | None) -> None:
    """Language tags and names become ISO 639-1 codes."""
    assert language_code(value) == code


def test_metadata_language_wins() -> None:
    """A language given in the file wins over detection."""
    story = parse_one("meta.txt", "Language: en\n\nUn titre\n\nUn texte tout à fait français.")
    assert story.language == "en"


def test_unknown_language_metadata_is_a_warning() -> None:
    """An unreadable language is ignored with a warning, and the text decides."""
    story = parse_one("meta.txt", "Language: ???\n\nUn titre\n\nLe texte est en français.")
    assert story.language == "fr"
    assert "unknown language '???' ignored" in story.warnings


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-20", datetime(2025, 12, 20, tzinfo=UTC)),
        ("2025-12-20T18:45:00+01:00", datetime(2025, 12, 20, 17, 45, tzinfo=UTC)),
        ("2025-12-20T18:45:00Z", datetime(2025, 12, 20, 18, 45, tzinfo=UTC)),
        ("samedi 20 décembre 2025", datetime(2025, 12, 20, tzinfo=UTC)),
        ("1er mars 2024 à 18h05", datetime(2024, 3, 1, 18, 5, tzinfo=UTC)),
        ("Publié le 20/12/2025", datetime(2025, 12, 20, tzinfo=UTC)),
        ("Mis à jour le 21 décembre 2025 à 08:15", datetime(2025, 12, 21, 8, 15, tzinfo=UTC)),
        ("20 December 2025", datetime(2025, 12, 20, tzinfo=UTC)),
        ("Saturday, December 20, 2025 10:45 GMT", datetime(2025, 12, 20, 10, 45, tzinfo=UTC)),
        ("Published on 3 March 2024", datetime(2024, 3, 3, tzinfo=UTC)),
        ("hier", None),
        ("décembre", None),
        ("bientôt", None),
        ("", None),
        ("31/02/2025", None),
    ],
)
def test_dates(value: str, expected: datetime | None) -> None:
    """French, English and ISO dates are read as timezone-aware UTC moments."""
    moment = parse_date(value)
    assert moment == expected
    if moment is not None:
        assert moment.utcoffset() == timedelta(0)


def test_naive_and_offset_dates_are_aware() -> None:
    """A date without timezone is taken as UTC; one with an offset keeps its instant."""
    paris = timezone(timedelta(hours=1))
    assert parse_date("2025-12-20 10:00") == datetime(2025, 12, 20, 10, tzinfo=UTC)
    assert parse_date("2025-12-20T10:00+01:00") == datetime(2025, 12, 20, 10, tzinfo=paris)


@pytest.mark.parametrize(
    "line",
    [
        "Le 20 décembre 2025, une date au milieu d'une phrase bien plus longue qu'une date.",
        "Gains russes",
        "Dernières actualités",
    ],
)
def test_lines_that_are_not_date_lines(line: str) -> None:
    """Only a short line holding a full date is a date line."""
    assert parse_date_line(line) is None


def test_date_line_above_the_headline() -> None:
    """A date on the very first line dates the story; the headline is the next line."""
    story = parse_one(
        "dated.txt", "20 December 2025\nTalks collapse in Vienna\n\nThe delegations left."
    )
    assert story.title == "Talks collapse in Vienna"
    assert story.published_at == datetime(2025, 12, 20, tzinfo=UTC)
