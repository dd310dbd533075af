"""Topic suggestions from weighted terms: rules are data, the engine knows no topic.

A term is one or more words, compared after ``fold`` (case and accents dropped):

- ``negoci*``: a word ending in ``*`` matches every word that starts with it;
- ``frappe``: a plain word matches itself and its plural (``frappes``, ``bombardements``);
- ``attaque * drone*``: a lone ``*`` stands for any one word;
- ``cessez-le-feu``, ``l'attaque``: hyphens and apostrophes separate words, as in the text.

At each place of the text the longest matching term of a rule wins, so ``heart attack`` (a
negative term) hides ``attack*``. Each term counts at most ``_MAX_HITS`` times. A hit weighs its
term's weight times the weight of its sentence: less in a sentence about the past or about
something only wished for, more in the title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from articles.analysis.text import fold, split_sentences
from articles.analysis.types import Document, TopicRule, TopicSuggestion

_DATA = Path(__file__).resolve().parent / "data" / "topics.json"
_MAX_HITS = 3
_MAX_EVIDENCE = 8
_TITLE_WEIGHT = 1.5
_PAST_WEIGHT = 0.25
_WISH_WEIGHT = 0.5

_WORD = re.compile(r"[a-z0-9]+")

_MONTHS = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
# A sentence that recalls earlier events or gives a war's running total: background.
_PAST = re.compile(
    r"\b(?:en|in|depuis|since|from|de|of|the|fin|debut|early|late|mid|printemps|ete|automne|hiver|"
    r"spring|summer|autumn|fall|winter)\s+(?:(?:" + _MONTHS + r")\s+)?(?:19|20)\d\d\b"
    r"|\b\d{1,2}(?:er)?\s+(?:" + _MONTHS + r")\s+(?:19|20)\d\d\b"
    r"|\b(?:" + _MONTHS + r")\s+\d{1,2},?\s+(?:19|20)\d\d\b"
    r"|\b(?:en|in|depuis|since|last|depuis\s+le\s+mois\s+de)\s+(?:" + _MONTHS + r")\b"
    r"|\b(?:" + _MONTHS + r")\s+(?:dernier|derniere|last)\b"
    r"|\bl'(?:an|annee)\s+(?:derniere?|passee?)\b|\blast\s+(?:year|month|summer|winter|spring)\b"
    r"|\ble\s+mois\s+(?:dernier|passe)\b|\bl'ete\s+dernier\b|\bl'hiver\s+dernier\b"
    r"|\bil\s+y\s+a\s+(?:\w+\s+)?(?:ans|annees|mois|decennies)\b"
    r"|\b(?:years|months|decades)\s+ago\b|\b(?:ans|years)\s+(?:plus\s+tot|earlier|auparavant)\b"
    r"|\bdepuis\s+(?:le\s+(?:debut|declenchement|lancement)|l'invasion|l'offensive|que\b)"
    r"|\bsince\s+(?:the\s+(?:start|beginning|outbreak|invasion|war)|russia\s+invaded|it\s+began)"
    r"|\bin\s+the\s+past\b(?!\s+(?:\w+\s+)?(?:hours|days|day|night|week)\b)|\bpar\s+le\s+passe\b|\bprecedente?\s+(?:attaque|frappe)"
    r"|\b(?:previous|earlier)\s+(?:attack|strike)|\brappel|\brecall|\bcommemor"
    r"|\banniversaire\b|\banniversary\b"
    r"|\b(?:guerre|conflit|war|conflict)\b[^.;]{0,40}?\b(?:a|ont|qui\s+a|has|have|which\s+has)"
    r"\s+(?:deja\s+|already\s+)?(?:fait|cause|coute|tue|killed|claimed|left|caused|cost)\b"
)
# Habits and earlier rounds of a series: weaker than the news of the day, yet not a recall.
_HABITUAL = re.compile(
    r"\bau\s+cours\s+des\s+(?:dernier|derniere)s\s+(?:semaines|mois|annees)\b"
    r"|\bces\s+(?:derniers\s+mois|dernieres\s+(?:annees|semaines))\b"
    r"|\b(?:over|in)\s+(?:the\s+)?(?:past|last|recent)\s+(?:few\s+)?(?:weeks|months|years)\b"
    r"|\bdeja\b|\balready\b|\bprecedemment\b|\bpreviously\b|\bauparavant\b"
    r"|\bplus\s+tot\s+(?:cette|dans\s+l')\s*annee\b|\bearlier\s+(?:this|in\s+the)\s+year\b"
    r"|\ben\s+debut\s+d'annee\b"
    r"|\brecurrent|\ba\s+plusieurs\s+reprises\b|\brepeatedly\b|\bregulierement\b"
)
# A sentence that only wishes, urges or supposes: it reports no event.
_WISH = re.compile(
    r"\bappel(?:le|lent|ait|er|e)?\s+(?:a|au|aux|de)\b|\bexhort|\bsouhait|\bprete?s?\s+a\b"
    r"|\bse\s+(?:dit|disent)\s+(?:pret|ouvert|dispose)|\bplaide|\bpourrai|\bdevrai|\baimerai"
    r"|\bespere|\bcalls?\s+for\b|\bcalled\s+for\b|\burged?\b|\burges\b|\bready\s+to\b"
    r"|\bwilling\s+to\b|\bopen\s+to\b|\bwould\b|\bcould\b|\bhopes?\s+(?:to|for|that)\b"
    r"|\bwants?\s+to\b|\bsi\b|\bif\b|\bthreaten|\bmenace"
)


def sentence_weight(folded_sentence: str) -> float:
    """Return how much a folded sentence counts as news of the day: 1 in full, less otherwise."""
    if _PAST.search(folded_sentence) or _HABITUAL.search(folded_sentence):
        return _PAST_WEIGHT
    if _WISH.search(folded_sentence):
        return _WISH_WEIGHT
    return 1.0


def is_background(folded_sentence: str) -> bool:
    """Say whether a folded sentence recalls earlier events or a running war total."""
    return bool(_PAST.search(folded_sentence))


@lru_cache(maxsize=1)
def default_topic_rules() -> tuple[TopicRule, ...]:
    """Return the topic rules shipped in ``data/topics.json``."""
    return tuple(topic_rule_from_dict(item) for item in load_topic_data())


def load_topic_data() -> list[dict]:
    """Return the entries of ``data/topics.json`` (slug, names, description, threshold, terms)."""
    return json.loads(_DATA.read_text(encoding="utf-8"))


def topic_rule_from_dict(item: dict) -> TopicRule:
    """Build a rule from one entry of the topic data."""
    return TopicRule(
        slug=item["slug"],
        terms=tuple((str(term), float(weight)) for term, weight in item["terms"]),
        threshold=float(item.get("threshold", 1.0)),
    )


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]  # folded words; "x*" a prefix, "*" any word
    weight: float
    term: str


@dataclass(frozen=True)
class _Index:
    exact: dict[str, tuple[_Pattern, ...]]
    prefix: dict[str, tuple[_Pattern, ...]]
    prefix_lengths: tuple[int, ...]


def _term_words(term: str) -> tuple[str, ...]:
    """Split a term into folded words, keeping the ``*`` marks."""
    return tuple(re.findall(r"[a-z0-9]+\*?|\*", fold(term)))


def _word_matches(pattern: str, word: str) -> bool:
    """Say whether one word of a term matches one word of the text."""
    if pattern == "*":
        return True
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern or word in (pattern + "s", pattern + "x", pattern + "es")


def _singulars(word: str) -> Iterable[str]:
    """Yield the word and the forms its plural could come from."""
    yield word
    if len(word) > 3 and word[-1] in "sx":
        yield word[:-1]
        if word.endswith("es"):
            yield word[:-2]


@lru_cache(maxsize=64)
def _index(rule: TopicRule) -> _Index:
    """Group a rule's terms by their first word so that each text word is looked up once."""
    exact: dict[str, list[_Pattern]] = {}
    prefix: dict[str, list[_Pattern]] = {}
    for term, weight in rule.terms:
        words = _term_words(term)
        if not words or words[0] == "*":
            continue
        pattern = _Pattern(words, weight, term)
        first = words[0]
        if first.endswith("*"):
            prefix.setdefault(first[:-1], []).append(pattern)
        else:
            exact.setdefault(first, []).append(pattern)
    return _Index(
        exact={key: tuple(value) for key, value in exact.items()},
        prefix={key: tuple(value) for key, value in prefix.items()},
        prefix_lengths=tuple(sorted({len(key) for key in prefix})),
    )


@dataclass(frozen=True)
class _Token:
    word: str
    part: int
    start: int
    end: int
    sentence: int  # index into _Text.sentence_weights


@dataclass(frozen=True)
class _Text:
    tokens: tuple[_Token, ...]
    sentence_weights: tuple[float, ...]
    sections: tuple[int | None, ...]  # per part: the heading it falls under


def _read(doc: Document) -> _Text:
    """Fold and cut a document into words, each with the weight of its sentence."""
    tokens: list[_Token] = []
    weights: list[float] = []
    sections: list[int | None] = []
    current: int | None = None
    for part_index, part in enumerate(doc.parts):
        if part_index in doc.headings:
            current = part_index
        sections.append(current)
        folded = fold(part)
        for start, end in split_sentences(part):
            weight = sentence_weight(folded[start:end])
            if part_index == 0:
                weight *= _TITLE_WEIGHT
            weights.append(weight)
            sentence = len(weights) - 1
            for match in _WORD.finditer(folded, start, end):
                tokens.append(_Token(match.group(), part_index, match.start(), match.end(), sentence))
    return _Text(tuple(tokens), tuple(weights), tuple(sections))


@dataclass(frozen=True)
class _Hit:
    pattern: _Pattern
    first: int  # token indexes
    last: int


def _candidates(index: _Index, word: str) -> list[_Pattern]:
    """Return the terms whose first word may match ``word``."""
    found: list[_Pattern] = []
    for form in _singulars(word):
        found.extend(index.exact.get(form, ()))
    for length in index.prefix_lengths:
        if length > len(word):
            break
        found.extend(index.prefix.get(word[:length], ()))
    return found


def _hits(index: _Index, tokens: tuple[_Token, ...]) -> list[_Hit]:
    """Find the leftmost longest matches of a rule's terms, within sentences."""
    hits: list[_Hit] = []
    position = 0
    while position < len(tokens):
        best: _Hit | None = None
        for pattern in _candidates(index, tokens[position].word):
            last = position + len(pattern.words) - 1
            if last >= len(tokens) or tokens[last].sentence != tokens[position].sentence:
                continue
            if all(
                _word_matches(word, tokens[position + offset].word)
                for offset, word in enumerate(pattern.words)
            ) and (best is None or last > best.last):
                best = _Hit(pattern, position, last)
        if best is None:
            position += 1
        else:
            hits.append(best)
            position = best.last + 1
    return hits


def _score(hits: Iterable[_Hit], text: _Text) -> float:
    """Add up the hits, each term at most ``_MAX_HITS`` times, strongest sentences first."""
    by_term: dict[str, list[float]] = {}
    for hit in hits:
        weight = text.sentence_weights[text.tokens[hit.first].sentence]
        by_term.setdefault(hit.pattern.term, []).append(hit.pattern.weight * weight)
    return sum(
        sum(sorted(values, key=abs, reverse=True)[:_MAX_HITS]) for values in by_term.values()
    )


def suggest_topics(doc: Document, rules: tuple[TopicRule, ...]) -> tuple[TopicSuggestion, ...]:
    """Return the topics whose rules score at or above their threshold, strongest first."""
    text = _read(doc)
    suggestions: list[TopicSuggestion] = []
    for rule in rules:
        hits = _hits(_index(rule), text.tokens)
        if not hits:
            continue
        by_section: dict[int, list[_Hit]] = {}
        for hit in hits:
            section = text.sections[text.tokens[hit.first].part]
            if section is not None:
                by_section.setdefault(section, []).append(hit)
        sections = tuple(
            heading
            for heading, section_hits in sorted(by_section.items())
            if _score(section_hits, text) >= rule.threshold
        )
        score = _score(hits, text)
        if score < rule.threshold and not sections:
            continue
        suggestions.append(
            TopicSuggestion(
                slug=rule.slug,
                score=round(score, 2),
                evidence=_evidence(doc, text, hits),
                sections=sections,
            )
        )
    suggestions.sort(key=lambda suggestion: -suggestion.score)
    return tuple(suggestions)


def _evidence(doc: Document, text: _Text, hits: list[_Hit]) -> tuple[str, ...]:
    """Return the phrases, as written, of the hits that speak for the topic."""
    phrases: dict[str, str] = {}
    for hit in hits:
        if hit.pattern.weight <= 0 or text.sentence_weights[text.tokens[hit.first].sentence] < 1:
            continue
        first, last = text.tokens[hit.first], text.tokens[hit.last]
        phrase = doc.parts[first.part][first.start : last.end]
        phrases.setdefault(fold(phrase), phrase)
        if len(phrases) == _MAX_EVIDENCE:
            break
    return tuple(phrases.values())
