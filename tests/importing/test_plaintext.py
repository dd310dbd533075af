"""Plain text stories: headline, rubric, source prefix, lede, sub-headings, paragraphs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.importing import BlockKind, ParsedStory, ParseFailure, parse_text
from tests.importing.helpers import parse_one

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = CORPUS / "000_233ebc2d8d2964aa.txt"

STORY = """Le port de Mykolaïv de nouveau visé par des drones
Monde

Le port de Mykolaïv de nouveau visé par des drones

Kyiv Post - Plusieurs drones ont frappé le port de Mykolaïv dans la nuit de jeudi à
vendredi, a indiqué le gouverneur régional.

Les secours sont intervenus pendant plusieurs heures pour éteindre un incendie dans un
entrepôt de céréales.

Un entrepôt détruit

Le gouverneur a précisé qu'aucune victime n'était à déplorer, mais que les dégâts
matériels étaient importants.

"Une nuit difficile"

Les habitants ont passé une partie de la nuit dans les abris, selon les autorités locales.
"""


def headings(story: ParsedStory) -> list[str]:
    return [block.text for block in story.blocks if block.kind == BlockKind.HEADING]


def test_seed_story_reads_as_annotated() -> None:
    """The story the project started from gives its headline, rubric, source, lede, headings."""
    if not SEED.exists():
        pytest.skip("the shared corpus is not next to the project")
    story = parse_one(SEED.name, SEED.read_bytes())
    assert story.title == (
        "Conversations américano-russes attendues à Miami alors que l'escalade "
        "se poursuit entre Moscou et Kiev"
    )
    assert story.section == "Dernières actualités"
    assert story.source == "SadaNews"
    assert story.lede.startswith("Des négociations se déroulent en Floride")
    assert headings(story) == [
        "Annexion totale de l'Ukraine",
        "Gains russes",
        "L'Ukraine attaque une plateforme pétrolière russe",
        "Bombardement russe à Odessa",
    ]
    assert story.language == "fr"
    assert story.title not in [block.text for block in story.blocks]
    assert len(story.fingerprint) == 64


def test_layout_of_a_story() -> None:
    """Headline, rubric, source prefix, lede, sub-headings and paragraphs are told apart."""
    story = parse_one("mykolaiv.txt", STORY)
    assert story.title == "Le port de Mykolaïv de nouveau visé par des drones"
    assert story.section == "Monde"
    assert story.source == "Kyiv Post"
    assert story.lede.startswith("Plusieurs drones ont frappé le port")
    assert headings(story) == ["Un entrepôt détruit", "Une nuit difficile"]
    assert [block.kind for block in story.blocks] == [
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    assert story.original == STORY


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_source_prefix_with_any_dash(dash: str) -> None:
    """A lede opening with an outlet and a dash of any kind names the source."""
    text = f"Titre de l'article\n\nAgence Sud {dash} Les pourparlers ont repris mardi à Doha.\n"
    story = parse_one("dash.txt", text)
    assert story.source == "Agence Sud"
    assert story.lede == "Les pourparlers ont repris mardi à Doha."


@pytest.mark.parametrize(
    ("lede", "source", "rest"),
    [
        ("KYIV (Reuters) - Air defences were active overnight.", "Reuters", "Air defences"),
        ("PARIS, 20 déc (AFP) — Le gouvernement a réuni un conseil.", "AFP", "Le gouvernement"),
        ("Le président a dit - sans détour - que la guerre durerait.", None, "Le président"),
        ("Hier, à Kiev - la capitale - les alertes se sont succédé.", None, "Hier, à Kiev"),
        ("Anti-aircraft fire lit the sky above the city before dawn.", None, "Anti-aircraft"),
    ],
)
def test_source_prefix_rules(lede: str, source: str | None, rest: str) -> None:
    """Only a short capitalised name or a parenthesised agency before a dash is a source."""
    story = parse_one("lede.txt", f"Headline of the story\n\n{lede}\n")
    assert story.source == source
    assert story.lede.startswith(rest)


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("Des frappes sur le port", True),
        ('"Une trêve impossible"', True),
        ("« Nous tiendrons »", True),
        ("Le ministre a démenti.", False),
        ("Pourquoi maintenant ?", False),
        ("Il a ajouté :", False),
        ('"Nous ne céderons rien", a-t-il dit.', False),
        ("une ligne qui commence en minuscule", False),
        ("Une phrase bien trop longue pour un intertitre, qui compte plus de douze mots", False),
        ("https://example.org/article", False),
    ],
)
def test_heading_rules(line: str, is_heading: bool) -> None:
    """A short line alone without final punctuation, or wrapped in quotes, is a sub-heading."""
    text = f"Titre\n\nPremier paragraphe du récit.\n\n{line}\n\nDernier paragraphe.\n"
    story = parse_one("heading.txt", text)
    expected = line.strip('"«» ') if is_heading else line
    kinds = [block.kind for block in story.blocks if block.text == expected]
    assert kinds == [BlockKind.HEADING if is_heading else BlockKind.PARAGRAPH]


def test_wrapped_lines_join_into_one_paragraph() -> None:
    """A single line break inside a paragraph reads as a space."""
    text = "Titre\n\nLes discussions ont duré\ntoute la nuit au siège\nde l'organisation.\n"
    story = parse_one("wrapped.txt", text)
    assert story.lede == "Les discussions ont duré toute la nuit au siège de l'organisation."


def test_long_lines_without_blank_lines_are_paragraphs() -> None:
    """Lines too long to be wrapped by hand are paragraphs even without blank lines between."""
    first = (
        "Les forces ont repoussé une attaque près de la ville, "
        "selon un communiqué publié dans la matinée."
    )
    second = (
        "Aucune victime n'a été signalée, mais plusieurs bâtiments "
        "ont été endommagés par les tirs de la nuit."
    )
    story = parse_one("lines.txt", f"Titre\n{first}\nContre-offensive\n{second}\n")
    assert story.lede == first
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.HEADING, "Contre-offensive"),
        (BlockKind.PARAGRAPH, second),
    ]


def test_short_last_line_is_a_paragraph() -> None:
    """A short line that ends the story heads nothing, so it stays a paragraph."""
    story = parse_one("end.txt", "Titre\n\nLe récit commence ici.\n\nAvec AFP\n")
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.PARAGRAPH, "Avec AFP")
    ]


def test_metadata_header() -> None:
    """Header lines at the top fill the metadata and are not part of the story."""
    text = (
        "Source: Le Courrier du Sud\n"
        "Date: 3 mars 2024\n"
        "URL: https://example.org/courrier/123\n"
        "Author: Claire Martin\n"
        "Section: International\n"
        "Language: fr\n"
        "\n"
        "Tensions à la frontière\n"
        "\n"
        "Des tirs ont été échangés dans la nuit entre les deux armées.\n"
    )
    story = parse_one("header.txt", text)
    assert story.title == "Tensions à la frontière"
    assert story.source == "Le Courrier du Sud"
    assert story.published_at == datetime(2024, 3, 3, tzinfo=UTC)
    assert story.source_url == "https://example.org/courrier/123"
    assert story.author == "Claire Martin"
    assert story.section == "International"
    assert story.language == "fr"
    assert story.lede == "Des tirs ont été échangés dans la nuit entre les deux armées."


def test_headline_with_a_colon_is_not_a_header() -> None:
    """A headline shaped "Name: words" is still the headline when the name is not a field."""
    story = parse_one("colon.txt", "Ukraine : les négociations reprennent\n\nLe texte suit.\n")
    assert story.title == "Ukraine : les négociations reprennent"


def test_date_line_and_byline_under_the_headline() -> None:
    """A date line and a byline between headline and lede fill the date and the author."""
    text = (
        "Cessez-le-feu prolongé au Soudan\n"
        "samedi 20 décembre 2025\n"
        "Par Jeanne Martin\n"
        "\n"
        "Les deux camps ont accepté de prolonger la trêve de trois jours.\n"
    )
    story = parse_one("dated.txt", text)
    assert story.published_at == datetime(2025, 12, 20, tzinfo=UTC)
    assert story.author == "Jeanne Martin"
    assert story.section is None
    assert story.lede == "Les deux camps ont accepté de prolonger la trêve de trois jours."
    assert story.blocks == ()


def test_headline_alone_gives_a_warning() -> None:
    """A file that holds only a headline is a story without text, and says so."""
    story = parse_one("title.txt", "Un titre sans texte\n")
    assert story.title == "Un titre sans texte"
    assert story.lede == ""
    assert story.warnings == ("no text besides the headline",)


def test_spaces_are_cleaned_but_quotes_kept() -> None:
    """Non-breaking and thin spaces become plain spaces; curly quotes stay as written."""
    text = "L’armée\u00a0avance\n\nIl a déclaré\u202f: «\u2009Nous   tenons\u00a0».\n"
    story = parse_one("spaces.txt", text)
    assert story.title == "L’armée avance"
    assert story.lede == "Il a déclaré : « Nous tenons »."
    assert story.original == text


def test_pasted_text() -> None:
    """Text pasted in a form reads like a plain text file, with its browser line ends."""
    story = parse_text("Titre collé\r\n\r\nLe corps du texte collé.\r\n")
    assert isinstance(story, ParsedStory)
    assert story.filename == "pasted.txt"
    assert story.title == "Titre collé"
    assert story.lede == "Le corps du texte collé."


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\u00a0\u202f"])
def test_pasted_nothing(text: str) -> None:
    """Pasting only whitespace is a failure, not an empty story."""
    failure = parse_text(text, "form")
    assert isinstance(failure, ParseFailure)
    assert failure.filename == "form"
    assert "empty" in failure.reason
