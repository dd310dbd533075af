"""Analysis of a story: actors, countries, topics, casualty toll and quotes.

Pure Python with no Django import: callers hand in a ``Document`` and a ``Vocabulary`` and get
an ``Analysis`` back. spaCy is loaded on the first call that needs entities, never at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from articles.analysis.actors import find_actors
from articles.analysis.countries import find_countries
from articles.analysis.nlp import Entity, find_entities_many
from articles.analysis.quotes import find_quotes
from articles.analysis.tolls import find_toll
from articles.analysis.topics import default_topic_rules, suggest_topics
from articles.analysis.types import Analysis, Document, Vocabulary

__all__ = ["analyse", "analyse_many", "document_from_story"]

HEADING = "heading"


def document_from_story(
    title: str, lede: str, blocks: Iterable[tuple[str, str]], language: str = "fr"
) -> Document:
    """Build a document from a story's title, lede and (kind, text) body blocks."""
    parts = [title or "", lede or ""]
    headings = set()
    for kind, text in blocks:
        if str(kind) == HEADING:
            headings.add(len(parts))
        parts.append(text)
    return Document(parts=tuple(parts), language=language, headings=frozenset(headings))


def _analyse(doc: Document, vocabulary: Vocabulary, entities: Sequence[Entity]) -> Analysis:
    actors = find_actors(doc, vocabulary, entities)
    return Analysis(
        actors=actors,
        countries=find_countries(doc, actors, entities),
        topics=suggest_topics(doc, vocabulary.topics or default_topic_rules()),
        toll=find_toll(doc),
        quotes=find_quotes(doc, actors),
    )


def analyse(doc: Document, vocabulary: Vocabulary, *, use_ner: bool = True) -> Analysis:
    """Analyse one story; without NER, only known actors and gazetteer countries are found."""
    return analyse_many([doc], vocabulary, use_ner=use_ner)[0]


def analyse_many(
    docs: Sequence[Document], vocabulary: Vocabulary, *, use_ner: bool = True
) -> list[Analysis]:
    """Analyse many stories, running the entity model over all of them in batches."""
    entities = find_entities_many(docs) if use_ner else [[] for _ in docs]
    return [_analyse(doc, vocabulary, found) for doc, found in zip(docs, entities, strict=True)]
