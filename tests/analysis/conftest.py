"""Fixtures shared by the analysis tests: the starter registry and the French model, loaded once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from articles.analysis.nlp import Entity, find_entities
from articles.analysis.registry import load_starter_registry
from articles.analysis.types import Document, Vocabulary

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def story() -> Callable[..., Document]:
    """Build a document whose first paragraph is the title and the second the lede."""

    def build(*paragraphs: str, language: str = "fr") -> Document:
        return Document(parts=tuple(paragraphs), language=language)

    return build


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return Vocabulary(actors=load_starter_registry())


@pytest.fixture(scope="session")
def entities_of() -> Callable[[Document], list[Entity]]:
    return find_entities


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "gold.json").exists():
        pytest.skip("the shared gold corpus is not next to the project")
    return CORPUS
