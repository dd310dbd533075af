"""Data that the analysis takes in and hands back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """The text of a story in parts: the title, the lede, then the body blocks.

    Offsets in the results are (part index, start, end) within ``parts``.
    """

    parts: tuple[str, ...]
    language: str = "fr"
    headings: frozenset[int] = frozenset()  # indexes of parts that are sub-headings


@dataclass(frozen=True)
class KnownActor:
    """An actor of the registry, with every name it is known by."""

    key: str  # the actor's slug
    name: str
    kind: str
    country: str | None = None  # ISO 3166-1 alpha-2
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicRule:
    """Weighted terms that reveal a topic, and the score a story needs to be tagged."""

    slug: str
    terms: tuple[tuple[str, float], ...]  # (term or phrase, weight); negative weights count against
    threshold: float = 1.0


@dataclass(frozen=True)
class Vocabulary:
    """What the analysis knows before it reads a story."""

    actors: tuple[KnownActor, ...] = ()
    topics: tuple[TopicRule, ...] = ()
    rejected_names: frozenset[str] = frozenset()  # normalised names editors rejected


Span = tuple[int, int, int]  # (part index, start, end)


@dataclass(frozen=True)
class ActorSuggestion:
    name: str
    kind: str
    key: str | None = None  # slug of a known actor; None for a candidate
    country: str | None = None
    mentions: tuple[Span, ...] = ()
    score: float = 0.0
    evidence: str = ""


@dataclass(frozen=True)
class CountrySuggestion:
    code: str
    score: float
    mentions: tuple[Span, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicSuggestion:
    slug: str
    score: float
    evidence: tuple[str, ...] = ()
    sections: tuple[int, ...] = ()  # heading part indexes of the sections where the topic holds


@dataclass(frozen=True)
class Toll:
    killed: int | None = None
    wounded: int | None = None
    missing: int | None = None
    is_approximate: bool = False
    evidence: tuple[str, ...] = ()
    attributed_to: str | None = None


@dataclass(frozen=True)
class QuoteSuggestion:
    text: str
    speaker: str | None = None
    actor_key: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Analysis:
    actors: tuple[ActorSuggestion, ...] = ()
    countries: tuple[CountrySuggestion, ...] = ()
    topics: tuple[TopicSuggestion, ...] = ()
    toll: Toll = field(default_factory=Toll)
    quotes: tuple[QuoteSuggestion, ...] = ()
