"""Fingerprints: the same story always gets the same one, another story another one."""

from __future__ import annotations

import pytest

from articles.importing import Block, BlockKind, fingerprint, normalise
from tests.importing.helpers import parse_one

STORY = (
    "Négociations à Genève : « pas d’accord » sur les prisonniers\n"
    "\n"
    "Les délégations se sont quittées mardi soir sans accord, a indiqué le médiateur.\n"
    "\n"
    "Un nouveau cycle de discussions est prévu la semaine prochaine.\n"
)


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(STORY.replace("\n", "\r\n"), id="crlf"),
        pytest.param(STORY.replace("\n", "\r"), id="cr"),
        pytest.param(STORY.replace(" ", "  ").replace("\n\n", "\n  \n\n"), id="spaces"),
        pytest.param(STORY.replace("« ", "«\u00a0").replace(" »", "\u202f»"), id="nbsp"),
        pytest.param(STORY.replace("’", "'").replace("« ", '"').replace(" »", '"'), id="quotes"),
        pytest.param("\n\n" + STORY + "\n\n\n", id="blank-lines"),
        pytest.param(STORY.replace(" : ", "\u00a0: "), id="french-colon"),
    ],
)
def test_same_story_same_fingerprint(variant: str) -> None:
    """Line ends, spacing, non-breaking spaces and quote styles do not change the fingerprint."""
    assert parse_one("a.txt", variant).fingerprint == parse_one("b.txt", STORY).fingerprint


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_same_fingerprint_across_encodings(encoding: str) -> None:
    """The encoding of a file does not change the fingerprint of its story."""
    data = STORY.encode(encoding)
    assert parse_one("a.txt", data).fingerprint == parse_one("b.txt", STORY).fingerprint


@pytest.mark.parametrize(
    "variant",
    [
        STORY.replace("mardi", "mercredi"),
        STORY.replace("Genève", "Vienne"),
        STORY + "\nUne phrase de plus à la fin.\n",
    ],
)
def test_different_story_different_fingerprint(variant: str) -> None:
    """A change of even one word gives another fingerprint."""
    assert parse_one("a.txt", variant).fingerprint != parse_one("b.txt", STORY).fingerprint


def test_fingerprint_of_parts() -> None:
    """The fingerprint is a sha256 hex digest that accepts blocks or plain strings."""
    blocks = [Block(BlockKind.PARAGRAPH, "Un paragraphe."), Block(BlockKind.HEADING, "Titre")]
    digest = fingerprint("Titre", "Chapeau", blocks)
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert digest == fingerprint("TITRE ", "chapeau", ["Un   paragraphe.", "titre"])
    assert digest != fingerprint("Titre", "Chapeau", ["Un paragraphe."])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L’Ukraine", "l'ukraine"),
        ("« Paix »", '"paix"'),
        ("“Peace”", '"peace"'),
        ("Kyiv\u00a0–\u2009Moscou", "kyiv - moscou"),
        ("  plusieurs\n\n  lignes\r\n", "plusieurs lignes"),
        ("Télégramme\u202f:", "télégramme:"),
        ("ﬁn…", "fin..."),
        ("zéro\u200blargeur", "zérolargeur"),
        ("STRASSE Straße", "strasse strasse"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    """Normalising folds case, quotes, dashes, spaces and compatibility characters."""
    assert normalise(text) == expected
