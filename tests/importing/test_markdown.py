"""Markdown stories, with or without front matter."""

from __future__ import annotations

from datetime import UTC, datetime

from articles.importing import BlockKind
from tests.importing.helpers import parse_one, texts

FRONT_MATTER_STORY = """---
title: "Trêve fragile dans le sud du Liban"
date: 2025-12-18T07:45:00+02:00
source: Agence Levant
url: https://example.org/liban/treve
section: Proche-Orient
language: fr
author: Karim Haddad
tags:
  - liban
  - trêve
---

Les habitants sont revenus **prudemment** dans leurs villages, selon [les autorités](https://example.org/autorites).

## Des patrouilles renforcées

L'armée a _déployé_ des unités supplémentaires le long de la ligne de démarcation.

### Inquiétudes des ONG

- Accès humanitaire limité
- Routes endommagées
"""


def test_front_matter_and_headings() -> None:
    """Front matter fills the metadata; ## and ### lines are sub-headings."""
    story = parse_one("liban.md", FRONT_MATTER_STORY)
    assert story.title == "Trêve fragile dans le sud du Liban"
    assert story.published_at == datetime(2025, 12, 18, 5, 45, tzinfo=UTC)
    assert story.source == "Agence Levant"
    assert story.source_url == "https://example.org/liban/treve"
    assert story.section == "Proche-Orient"
    assert story.author == "Karim Haddad"
    assert story.language == "fr"
    assert story.lede == (
        "Les habitants sont revenus prudemment dans leurs villages, selon les autorités."
    )
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.HEADING, "Des patrouilles renforcées"),
        (
            BlockKind.PARAGRAPH,
            "L'armée a déployé des unités supplémentaires le long de la ligne de démarcation.",
        ),
        (BlockKind.HEADING, "Inquiétudes des ONG"),
        (BlockKind.PARAGRAPH, "Accès humanitaire limité"),
        (BlockKind.PARAGRAPH, "Routes endommagées"),
    ]
    assert story.original == FRONT_MATTER_STORY


def test_title_from_first_level_heading() -> None:
    """Without front matter the "# " heading is the headline."""
    text = (
        "# Floods cut off northern villages\n\n"
        "Rescue teams reached the area on Monday.\n\n"
        "## Aid\n\n"
        "Supplies arrived by air.\n"
    )
    story = parse_one("floods.md", text)
    assert story.title == "Floods cut off northern villages"
    assert story.lede == "Rescue teams reached the area on Monday."
    assert [block.text for block in story.blocks] == ["Aid", "Supplies arrived by air."]
    assert story.language == "en"


def test_underlined_headings() -> None:
    """Headings underlined with = and - are read like # and ##."""
    text = (
        "Le sommet s'ouvre à Bruxelles\n"
        "=============================\n\n"
        "Les dirigeants arrivent ce matin.\n\n"
        "Au menu\n"
        "-------\n\n"
        "La défense commune.\n"
    )
    story = parse_one("sommet.md", text)
    assert story.title == "Le sommet s'ouvre à Bruxelles"
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.HEADING, "Au menu"),
        (BlockKind.PARAGRAPH, "La défense commune."),
    ]


def test_markdown_without_headline_reads_as_plain_text() -> None:
    """A .md file without a "# " headline is read by the plain text rules."""
    text = (
        "Coupures d'électricité à Odessa\n"
        "Économie\n\n"
        "Le réseau a été touché dans la nuit, selon l'opérateur.\n"
    )
    story = parse_one("odessa.md", text)
    assert story.title == "Coupures d'électricité à Odessa"
    assert story.section == "Économie"
    assert story.lede == "Le réseau a été touché dans la nuit, selon l'opérateur."


def test_raw_html_in_markdown_is_reduced_to_text() -> None:
    """Raw HTML inside Markdown gives its text only, never scripts or attributes."""
    text = (
        "# Titre\n\n"
        'Texte <img src=x onerror="alert(1)"> sûr.<script>alert(2)</script>\n\n'
        "<style>p{}</style>Fin.\n"
    )
    story = parse_one("raw.md", text)
    assert story.lede == "Texte sûr."
    for field in texts(story):
        assert "script" not in field
        assert "onerror" not in field
        assert "alert" not in field
