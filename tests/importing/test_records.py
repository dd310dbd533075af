"""JSON and CSV files: one story per object or row, one failure per bad one."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from articles.importing import MAX_STORIES_PER_FILE, BlockKind, ParsedStory, ParseFailure
from tests.importing.helpers import fail_one, parse_all, parse_one

GOOD = {
    "title": "Échange de prisonniers entre Moscou et Kiev",
    "body": (
        "Cent quatre-vingts prisonniers ont été libérés de chaque côté, selon la médiation.\n\n"
        "## Une médiation discrète\n\n"
        "Les Émirats arabes unis ont facilité l'échange,\nsans en préciser les conditions."
    ),
    "section": "Europe",
    "source": "Dépêche Est",
    "url": "https://example.org/echange",
    "author": "Iryna Koval",
    "language": "fr",
    "published_at": "2025-10-04T09:15:00Z",
}


def reasons(results: list[ParsedStory | ParseFailure]) -> list[str]:
    return [result.reason for result in results if isinstance(result, ParseFailure)]


def test_json_object() -> None:
    """A JSON object with the documented fields is one story."""
    text = json.dumps(GOOD, ensure_ascii=False, indent=1)
    story = parse_one("story.json", text)
    assert story.title == GOOD["title"]
    assert story.lede.startswith("Cent quatre-vingts prisonniers")
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.HEADING, "Une médiation discrète"),
        (
            BlockKind.PARAGRAPH,
            "Les Émirats arabes unis ont facilité l'échange, sans en préciser les conditions.",
        ),
    ]
    assert story.section == "Europe"
    assert story.source == "Dépêche Est"
    assert story.source_url == "https://example.org/echange"
    assert story.author == "Iryna Koval"
    assert story.published_at == datetime(2025, 10, 4, 9, 15, tzinfo=UTC)
    assert story.original == text


def test_json_list_with_bad_items() -> None:
    """A bad item of a JSON list is a failure of its own; the other items still import."""
    items = [
        GOOD,
        {"body": "Un texte sans titre."},
        "not an object",
        {"title": "  "},
        {"title": ["a", "list"], "body": "x"},
        {
            "title": "Second story",
            "lede": "Talks ended without a deal on Thursday.",
            "paragraphs": [
                "Both sides blamed each other.",
                "## Next",
                {"type": "heading", "text": "Later"},
            ],
            "published_at": "20 December 2025",
            "author": {"name": "Ann Lee"},
        },
    ]
    results = parse_all("stories.json", json.dumps(items))
    assert reasons(results) == [
        "item 2: missing title",
        "item 3: not an object",
        "item 4: missing title",
        "item 5: title is not text",
    ]
    stories = [result for result in results if isinstance(result, ParsedStory)]
    assert [story.title for story in stories] == [GOOD["title"], "Second story"]
    second = stories[1]
    assert second.lede == "Talks ended without a deal on Thursday."
    assert [(block.kind, block.text) for block in second.blocks] == [
        (BlockKind.PARAGRAPH, "Both sides blamed each other."),
        (BlockKind.HEADING, "Next"),
        (BlockKind.HEADING, "Later"),
    ]
    assert second.published_at == datetime(2025, 12, 20, tzinfo=UTC)
    assert second.author == "Ann Lee"
    assert second.language == "en"
    assert json.loads(second.original)["title"] == "Second story"


def test_json_stories_key() -> None:
    """An object whose "stories" is a list holds those stories."""
    results = parse_all("wrapped.json", json.dumps({"stories": [GOOD, GOOD | {"title": "Autre"}]}))
    assert [result.title for result in results] == [GOOD["title"], "Autre"]


def test_json_unreadable_date_is_a_warning() -> None:
    """A date that cannot be read leaves the date empty and says so, without failing."""
    story = parse_one("date.json", json.dumps({"title": "Titre", "published_at": "bientôt"}))
    assert story.published_at is None
    assert story.warnings == ("could not read the date 'bientôt'", "no text besides the headline")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"title": "x",\n\n "body": }', "malformed JSON at line 3: Expecting value"),
        ("[1, 2", "malformed JSON at line 1: Expecting ',' delimiter"),
        ('"a string"', "JSON holds no story: expected an object or a list of objects"),
        ("[]", "JSON holds an empty list of stories"),
        ("[" * 50_000 + "]" * 50_000, "malformed JSON: nested too deeply"),
    ],
)
def test_malformed_json(text: str, reason: str) -> None:
    """Broken JSON is one failure naming the line and the problem."""
    failure = fail_one("broken.json", text)
    assert failure.filename == "broken.json"
    assert failure.reason == reason


CSV_TEXT = (
    "title;body;section;published_at;language\n"
    '"Frappe sur un dépôt de carburant";"Un dépôt a pris feu après une frappe.\n\n'
    '## Pas de victime\n\nLe feu a été maîtrisé.";Europe;20/12/2025;fr\n'
    ';"Une ligne sans titre";;;\n'
    "\n"
    '"Port reopens";"The port reopened on Monday.";;2025-12-19;en\n'
)


def test_csv_rows() -> None:
    """Each CSV row is a story; a row without title is a failure naming its row number."""
    results = parse_all("stories.csv", CSV_TEXT.encode("cp1252"))
    assert reasons(results) == ["row 3: missing title"]
    first, second = (result for result in results if isinstance(result, ParsedStory))
    assert first.title == "Frappe sur un dépôt de carburant"
    assert first.lede == "Un dépôt a pris feu après une frappe."
    assert [block.kind for block in first.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert first.section == "Europe"
    assert first.published_at == datetime(2025, 12, 20, tzinfo=UTC)
    assert second.title == "Port reopens"
    assert second.language == "en"
    assert second.original.startswith("title;body;section;published_at;language\n")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters(delimiter: str) -> None:
    """Comma, semicolon, tab and bar delimiters are all detected."""
    text = delimiter.join(["title", "body", "source"]) + "\n"
    text += delimiter.join(['"Titre, avec virgule"', "Corps du texte.", "AFP"]) + "\n"
    story = parse_one("rows.csv", text)
    assert story.title == "Titre, avec virgule"
    assert story.lede == "Corps du texte."
    assert story.source == "AFP"


def test_tsv_file() -> None:
    """A .tsv file is read with tabs."""
    story = parse_one("rows.tsv", "title\tbody\nTitre\tCorps, avec une virgule.\n")
    assert story.lede == "Corps, avec une virgule."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("headline_text,body\nA,B\n", "CSV has no 'title' column"),
        ("title,body\n", "CSV has a header row but no stories"),
        ('title,body\n"Une ligne","guillemet"mal placé\n', "malformed CSV at row 2"),
    ],
)
def test_malformed_csv(text: str, reason: str) -> None:
    """A CSV without title column, without rows or with broken quoting is a failure."""
    failure = fail_one("bad.csv", text)
    assert failure.reason.startswith(reason)


def test_csv_error_keeps_the_rows_before() -> None:
    """Rows before a broken row still import; the broken row is reported."""
    text = 'title,body\nPremier,Texte un.\nSecond,"Texte "deux"\n'
    results = parse_all("partial.csv", text)
    assert isinstance(results[0], ParsedStory)
    assert results[0].title == "Premier"
    assert reasons(results) == ["malformed CSV at row 3: ',' expected after '\"'"]


def test_stories_past_the_limit_are_reported() -> None:
    """A file with more stories than the limit gives the first ones and one failure."""
    items = [{"title": f"Dépêche {number}"} for number in range(MAX_STORIES_PER_FILE + 5)]
    results = parse_all("flood.json", json.dumps(items))
    assert len(results) == MAX_STORIES_PER_FILE + 1
    assert reasons(results) == [
        f"5 more stories not imported: only {MAX_STORIES_PER_FILE} are read from a file"
    ]
