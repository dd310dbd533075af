"""spaCy, loaded lazily once per process, and named entities found part by part.

``get_nlp()`` keeps only the entity recogniser of ``fr_core_news_sm`` (it has its own
token-to-vector layer), which is all that ``find_entities`` needs. ``get_nlp(lemmas=True)``
is a second, separately cached pipeline with the tagger and lemmatizer for callers that need
lemmas. Nothing here loads the model at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from articles.analysis.text import iter_parts
from articles.analysis.types import Document

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "fr_core_news_sm"
_NER_ONLY = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter")
_LEMMAS_ONLY = ("parser", "ner", "senter")
BATCH_SIZE = 64


@dataclass(frozen=True)
class Entity:
    """A named entity found by the model, located in one part of a document."""

    part: int
    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC or MISC


@cache
def get_nlp(*, lemmas: bool = False) -> Language:
    """Load the French pipeline once: entities only, or tagger and lemmatizer with ``lemmas``."""
    import spacy

    return spacy.load(MODEL, exclude=list(_LEMMAS_ONLY if lemmas else _NER_ONLY))


def _segments(doc: Document) -> list[tuple[int, int, str]]:
    """Cut every part at line breaks so that an entity never spans two lines."""
    segments = []
    for index, part in iter_parts(doc):
        offset = 0
        for line in part.split("\n"):
            if line.strip():
                segments.append((index, offset, line))
            offset += len(line) + 1
    return segments


def find_entities_many(docs: Sequence[Document]) -> list[list[Entity]]:
    """Find the named entities of many documents with one batched pass of the model."""
    located = [(number, segment) for number, doc in enumerate(docs) for segment in _segments(doc)]
    found: list[list[Entity]] = [[] for _ in docs]
    texts: Iterable[str] = (line for _, (_, _, line) in located)
    for (number, (index, offset, _)), parsed in zip(
        located, get_nlp().pipe(texts, batch_size=BATCH_SIZE), strict=True
    ):
        found[number].extend(
            Entity(
                part=index,
                start=offset + ent.start_char,
                end=offset + ent.end_char,
                text=ent.text,
                label=ent.label_,
            )
            for ent in parsed.ents
        )
    return found


def find_entities(doc: Document) -> list[Entity]:
    """Find the named entities of one document, one model call per line of each part."""
    return find_entities_many([doc])[0]
