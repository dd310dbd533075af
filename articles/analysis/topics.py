"""Topic suggestions from weighted terms: rules are data, the engine knows no topic.

A term is one or more words, compared after ``fold`` (case and accents dropped):

- ``negoci*``: a word ending in ``*`` matches every word that starts with it;
- ``frappe``: a plain word matches itself and its plural (``frappes``, ``bombardements``);
- ``attaque * drone*``: a lone ``*`` stands for any one word;
- ``#num morts``: ``#num`` stands for a number, in digits or in words, ``#year`` for a year;
- ``frappe* #demonym``: ``#demonym`` stands for a word of nationality that the country
  gazetteer knows ("russes", "Israeli");
- ``cessez-le-feu``, ``l'attaque``: hyphens and apostrophes separate words, as in the text.

At each place of the text the longest matching term of a rule wins, so ``heart attack`` (a
negative term) hides ``attack*``. Each term counts at most ``_MAX_HITS`` times. A hit weighs its
term's weight times the weight of its words: a quarter in a sentence about the past ("en 2014",
"l'an dernier", "depuis le début de la guerre") or about a habit ("déjà", "repeatedly"), half in
a clause that only wishes, tries or supposes ("appelle à négocier", "would be open to talks"),
one and a half in the title.

A sub-headed section is scored alone too, and reported when it reaches the threshold: stories
often tell separate events (talks, then a strike) under separate sub-headings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from articles.analysis.countries import get_gazetteer
from articles.analysis.text import fold, fold_part, split_sentences
from articles.analysis.types import Document, TopicRule, TopicSuggestion


def _words(text: str) -> tuple[str, ...]:
    """Return the words of a list written as one string."""
    return tuple(text.split())


_DATA = Path(__file__).resolve().parent / "data" / "topics.json"
_MAX_HITS = 3
_MAX_EVIDENCE = 8
_TITLE_WEIGHT = 1.5
_PAST_WEIGHT = 0.25
_WISH_WEIGHT = 0.5

_WORD = re.compile(r"[a-z0-9]+")
_CLAUSE_MARK = re.compile(r"[,;:()]")

_MONTHS = _words(
    """
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    january february march april may june july august september october november december
    """
)
# Number words that "#num" matches besides digits; "un", "one", "a" are too often articles.
_NUMBER_WORDS = frozenset(
    _words(
        """
        deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
        vingt trente quarante cinquante soixante cent cents mille dizaine douzaine vingtaine
        centaine two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
        eighty ninety hundred thousand dozen
        """
    )
)
_YEAR_PREPOSITIONS = _words(
    """
    en in depuis since from de of the fin debut early late mid printemps ete automne hiver
    spring summer autumn fall winter
    """
)


def _phrases(text: str) -> tuple[str, ...]:
    """Return the phrases of a list written as one string, separated by commas."""
    return tuple(phrase.strip() for phrase in text.split(",") if phrase.strip())


# Words that make a sentence background: a recall of earlier events or a war's running total.
# They are terms of the same language as the topics.
_WAR_NOUNS = _words(
    """
    guerre conflit invasion offensive annee hostilites operation treve war conflict invasion
    offensive year hostilities fighting operation truce russia
    """
)
_PAST_TERMS = (
    *(f"{word} #year" for word in _YEAR_PREPOSITIONS),
    *(f"{word} * #year" for word in _YEAR_PREPOSITIONS),
    *(f"#num {month} #year" for month in _MONTHS),
    *(f"{month} #num #year" for month in _MONTHS),
    *(f"{word} {month}" for word in ("en", "in", "depuis", "since", "last") for month in _MONTHS),
    # "since late May", "depuis fin mars", "depuis la mi-juin": since a part of a month.
    *(f"{word} * {month}" for word in ("depuis", "since") for month in _MONTHS),
    *(f"{word} * * {month}" for word in ("depuis", "since") for month in _MONTHS),
    *(f"{month} {word}" for word in ("dernier", "derniere", "last") for month in _MONTHS),
    *(f"{word} #num {month}" for word in ("le", "depuis le", "du") for month in _MONTHS),
    *(f"on {month} #num" for month in _MONTHS),
    *(
        f"{since} {noun}"
        for since in (
            "depuis le debut de la",
            "depuis le debut du",
            "depuis le debut de l'",
            "depuis le debut des",
            "depuis le declenchement de la",
            "depuis le declenchement du",
            "depuis le declenchement de l'",
            "depuis le lancement de l'",
            "depuis la",
            "depuis le",
            "depuis l'",
            "since the start of the",
            "since the beginning of the",
            "since the outbreak of the",
            "since the start of",
            "since the",
            "since",
        )
        for noun in _WAR_NOUNS
    ),
    *_phrases(
        """
        l'an dernier, l'an passe, l'annee derniere, l'annee passee, last year, last month,
        last week, last summer, last winter, last spring, le mois dernier, le mois passe,
        la semaine derniere, la semaine passee, l'ete dernier, l'hiver dernier, il y a * ans,
        il y a * annees, il y a * mois, il y a * decennies, years ago, months ago, decades ago,
        ans plus tot, years earlier, ans auparavant, depuis le cessez-le-feu, since the
        ceasefire, depuis que, since russia invaded, since it began, earlier this month,
        plus tot ce mois-ci, in the past, par le passe, precedente attaque, precedente frappe,
        previous attack, earlier attack, previous strike, earlier strike, rappel*, recall*,
        commemor*, anniversaire, anniversary, premier semestre, second semestre, deuxieme
        semestre, premier trimestre, first half of the year, second half of the year, first
        six months, so far this year, depuis le debut de l'annee
        """
    ),
    # "depuis le départ des troupes françaises", "since the withdrawal of U.S. troops"
    *(
        f"depuis le {leaving} {forces}"
        for leaving in ("depart", "retrait")
        for forces in _phrases(
            "des troupes, des forces, des soldats, des militaires, de l'armee, du contingent"
        )
    ),
    *(
        f"since the {leaving} of {forces}"
        for leaving in ("departure", "withdrawal", "pullout")
        for forces in _phrases(
            "troops, forces, * troops, * forces, * * troops, * * forces, the * army, the * troops"
        )
    ),
    *(
        f"{war} {link}{verb}"
        for war in ("guerre", "conflit", "war", "conflict")
        for link in _phrases(
            "a |, a deja |, qui a |, * a |, ont |, has |, have |, which has |, that has |, "
            "has already |, * has "
        )
        for verb in _words("fait cause coute tue killed claimed left caused cost")
    ),
)
# Terms that look like background markers but are not: "in the past 24 hours".
_NOT_PAST_TERMS = _phrases(
    """
    in the past * hours, in the past * days, in the past hours, in the past day, in the past
    days, in the past night, in the past week, depuis l'aube, since dawn, since the morning
    """
)
# Habits and earlier rounds of a series: weaker than the news of the day, yet not a recall.
_HABITUAL_TERMS = (
    *_phrases(
        """
        au cours des dernieres semaines, au cours des derniers mois, au cours des dernieres
        annees, ces derniers mois, ces dernieres annees, ces dernieres semaines, deja, already,
        precedemment, previously, auparavant, plus tot cette annee, plus tot dans l'annee,
        earlier this year, earlier in the year, en debut d'annee, recurrent*, a plusieurs
        reprises, repeatedly, regulierement
        """
    ),
    *(
        f"{over} {past} {few}{span}"
        for over in ("over the", "in the", "over", "in")
        for past in ("past", "last", "recent")
        for few in ("", "few ")
        for span in ("weeks", "months", "years")
    ),
)
# Words that make a clause only wish, urge, try or suppose: it reports no event.
_WISH_TERMS = _phrases(
    """
    appel* a, appel* au, appel* aux, appel* de, exhort*, souhait*, pret a, prete a,
    se dit pret, se disent prets, se dit ouvert, se dit dispose, plaide*, pourrai*, devrai*,
    aimerai*, espere*, tent* de, cherche* a, s'efforce*, call for, calls for, called for,
    calling for, urge, urged, urges, urging, ready to, willing to, open to, would, could,
    hope to, hopes to, hope for, hopes for, hope that, hopes that, want to, wants to,
    trying to, try to, tries to, effort to, efforts to, seek* to, si, if, threaten*, menace*
    """
)


_PAST = frozenset(_PAST_TERMS)
_HABITUAL = frozenset(_HABITUAL_TERMS)
_WISH = frozenset(_WISH_TERMS)
# One rule for every context marker, so that the text is read once for all of them; the
# exceptions weigh nothing and hide what they cover.
_CONTEXT_RULE = TopicRule(
    "context",
    (
        *((term, 1.0) for term in (*_PAST_TERMS, *_HABITUAL_TERMS, *_WISH_TERMS)),
        *((term, 0.0) for term in _NOT_PAST_TERMS),
    ),
)


# Cached: the countries, tolls and actors of a story ask about the same sentences.
@lru_cache(maxsize=4096)
def is_background(folded_sentence: str) -> bool:
    """Say whether a folded sentence recalls earlier events or a running war total."""
    words = _WORD.findall(folded_sentence)
    starts = _rule_set(()).starts(words)[0]
    return any(hit.pattern.term in _PAST for hit in _hits(words, [0] * len(words), starts))


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
    words: tuple[str, ...]  # folded words; "x*" a prefix, "*" any word, "#..." a word class
    weight: float
    term: str
    specificity: int  # between two terms of one length, the more specific wins


_MAX_FOLLOWERS = 4096


class _Node:
    """A node of a rule's word trie: the terms that go on from the words read so far."""

    __slots__ = ("exact", "followers", "pattern", "prefix", "prefix_lengths", "wildcards")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}
        self.prefix: dict[str, _Node] = {}
        self.prefix_lengths: tuple[int, ...] = ()
        self.wildcards: dict[str, _Node] = {}  # "*", "#year", "#num", "#demonym"
        self.pattern: _Pattern | None = None
        # Words already looked up: text words repeat a lot, and most lead nowhere.
        self.followers: dict[str, list[_Node]] = {}

    def child(self, word: str) -> _Node:
        """Return the node for one more word of a term, made on first use."""
        if word == "*" or word[0] == "#":
            table = self.wildcards
        elif word.endswith("*"):
            table, word = self.prefix, word[:-1]
        else:
            table = self.exact
        if word not in table:
            table[word] = _Node()
            self.prefix_lengths = tuple(sorted({len(key) for key in self.prefix}))
        return table[word]

    def next(self, word: str) -> list[_Node]:
        """Return the nodes one text word leads to, as ``follow`` does, remembered."""
        found = self.followers.get(word)
        if found is None:
            if len(self.followers) >= _MAX_FOLLOWERS:
                self.followers.clear()
            found = self.followers[word] = self.follow(word)
        return found

    def follow(self, word: str) -> list[_Node]:
        """Return the nodes one text word leads to."""
        exact = self.exact
        found = [exact[form] for form in _singulars(word) if form in exact] if exact else []
        for length in self.prefix_lengths:
            if length > len(word):
                break
            node = self.prefix.get(word[:length])
            if node is not None:
                found.append(node)
        if self.wildcards:
            for kind, node in self.wildcards.items():
                if (
                    kind == "*"
                    or (kind == "#num" and (word.isdigit() or word in _NUMBER_WORDS))
                    or (kind == "#year" and _is_year(word))
                    or (kind == "#demonym" and word in get_gazetteer().demonym_words)
                ):
                    found.append(node)
        return found


def _term_words(term: str) -> tuple[str, ...]:
    """Split a term into folded words, keeping the ``*`` and ``#`` marks."""
    return tuple(re.findall(r"#?[a-z0-9]+\*?|\*", fold(term)))


def _is_year(word: str) -> bool:
    """Say whether a word of digits is a year of the last or the present century."""
    return len(word) == 4 and word[:2] in ("19", "20")


@lru_cache(maxsize=8192)
def _singulars(word: str) -> tuple[str, ...]:
    """Return the word and the forms its plural could come from."""
    if len(word) > 3 and word[-1] in "sx":
        if word.endswith("es"):
            return word, word[:-1], word[:-2]
        return word, word[:-1]
    return (word,)


# Tries of the rules seen so far. Rules come back as the same objects (or as equal ones
# rebuilt from the database), and hashing a rule of many terms costs more than a lookup by
# identity: the identity is tried first, the value next.
_BY_IDENTITY: dict[int, tuple[TopicRule, _Node]] = {}
_BY_VALUE: dict[TopicRule, _Node] = {}
_MAX_CACHED = 256


def _index(rule: TopicRule) -> _Node:
    """Return the root of a rule's trie, built on first use."""
    known = _BY_IDENTITY.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    index = _BY_VALUE.get(rule)
    if index is None:
        index = _build_index(rule)
        if len(_BY_VALUE) >= _MAX_CACHED:
            _BY_VALUE.clear()
        _BY_VALUE[rule] = index
    if len(_BY_IDENTITY) >= _MAX_CACHED:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(rule)] = rule, index
    return index


def _build_index(rule: TopicRule) -> _Node:
    """Put a rule's terms in a word trie, so that the text is read once whatever their number."""
    root = _Node()
    for term, weight in rule.terms:
        words = _term_words(term)
        if not words or words[0] == "*":
            continue
        node = root
        for word in words:
            node = node.child(word)
        specificity = sum(2 if "*" not in word else 1 for word in words if word != "*")
        node.pattern = _Pattern(words, weight, term, specificity)
    return root


# Where a term of a rule may start: a word's position and the nodes it leads to from the root.
_Start = tuple[int, list[_Node]]
_MAX_OPENERS = 50_000


class _RuleSet:
    """The context rule and topic rules read together, and the text words that open their terms.

    Which rules a word opens a term of is worked out once per word and kept: text words
    repeat a lot, and most of them open no term at all.
    """

    def __init__(self, roots: tuple[_Node, ...]) -> None:
        self.roots = roots
        # word -> (rule's place in the set, nodes) for each rule it opens a term of
        self.openers: dict[str, tuple[tuple[int, list[_Node]], ...]] = {}

    def starts(self, words: Sequence[str]) -> list[list[_Start]]:
        """Return, for each rule, the (position, nodes) of the words that open one of its terms."""
        found: list[list[_Start]] = [[] for _ in self.roots]
        openers = self.openers
        if len(openers) > _MAX_OPENERS:
            openers.clear()
        for position, word in enumerate(words):
            opened = openers.get(word)
            if opened is None:
                opened = openers[word] = tuple(
                    (slot, nodes)
                    for slot, root in enumerate(self.roots)
                    if (nodes := root.follow(word))
                )
            for slot, nodes in opened:
                found[slot].append((position, nodes))
        return found


_RULE_SETS: dict[tuple[int, ...], _RuleSet] = {}


def _rule_set(rules: tuple[TopicRule, ...]) -> _RuleSet:
    """Return the rule set of the context rule (first) and ``rules``, made on first use."""
    roots = tuple(_index(rule) for rule in (_CONTEXT_RULE, *rules))
    # The set keeps its roots alive, so their identities name it safely.
    key = tuple(map(id, roots))
    rule_set = _RULE_SETS.get(key)
    if rule_set is None:
        if len(_RULE_SETS) >= _MAX_CACHED:
            _RULE_SETS.clear()
        rule_set = _RULE_SETS[key] = _RuleSet(roots)
    return rule_set


@dataclass(frozen=True)
class _Hit:
    pattern: _Pattern
    first: int  # word indexes
    last: int


@dataclass
class _Text:
    """The folded words of a story, with what weighs them: sentence, clause and context."""

    words: list[str]
    sentences: list[int]  # for each word: its sentence
    clauses: list[int]  # for each word: its clause
    spans: list[tuple[int, int, int, int]]  # for each sentence: part, start, end, first word
    sections: list[int | None]  # for each part: the heading it falls under
    title: frozenset[int]  # sentences of the title
    background: set[int] = field(default_factory=set)  # sentences about the past or a habit
    wishes: set[int] = field(default_factory=set)  # clauses that only wish, try or suppose

    def weight(self, position: int) -> float:
        """Return the weight of a word: by its sentence, its clause and the title."""
        sentence = self.sentences[position]
        return (
            (_TITLE_WEIGHT if sentence in self.title else 1.0)
            * (_PAST_WEIGHT if sentence in self.background else 1.0)
            * (_WISH_WEIGHT if self.clauses[position] in self.wishes else 1.0)
        )

    def part(self, position: int) -> int:
        """Return the part a word belongs to."""
        return self.spans[self.sentences[position]][0]

    def phrase(self, doc: Document, first: int, last: int) -> str:
        """Return the words ``first`` to ``last`` of one sentence as the story writes them."""
        part, start, end, first_word = self.spans[self.sentences[first]]
        found = list(_WORD.finditer(fold_part(doc.parts[part]), start, end))
        return doc.parts[part][found[first - first_word].start() : found[last - first_word].end()]


def _read(doc: Document, rule_set: _RuleSet) -> tuple[_Text, list[list[_Start]]]:
    """Fold and cut a document into words, by sentence and clause; return it with the starts
    of the terms of each rule of the set, the context rule first."""
    words: list[str] = []
    sentences: list[int] = []
    clauses: list[int] = []
    spans: list[tuple[int, int, int, int]] = []
    sections: list[int | None] = []
    current: int | None = None
    clause = -1
    for part_index, part in enumerate(doc.parts):
        if part_index in doc.headings:
            current = part_index
        sections.append(current)
        folded = fold_part(part)
        for start, end in split_sentences(part):
            first = len(words)
            sentence = len(spans)
            spans.append((part_index, start, end, first))
            if _CLAUSE_MARK.search(folded, start, end):
                for piece in _CLAUSE_MARK.split(folded[start:end]):
                    clause += 1
                    found = _WORD.findall(piece)
                    words.extend(found)
                    clauses.extend([clause] * len(found))
            else:
                clause += 1
                words.extend(_WORD.findall(folded, start, end))
                clauses.extend([clause] * (len(words) - first))
            sentences.extend([sentence] * (len(words) - first))
    title = frozenset(sentence for sentence, span in enumerate(spans) if span[0] == 0)
    return _Text(words, sentences, clauses, spans, sections, title), rule_set.starts(words)


def _read_context(text: _Text, starts: list[_Start], sentences: set[int]) -> None:
    """Find the sentences about the past or a habit and the clauses that only wish among
    ``sentences``: only where a topic's terms are found does the context weigh anything."""
    starts = [start for start in starts if text.sentences[start[0]] in sentences]
    for hit in _hits(text.words, text.sentences, starts):
        if hit.pattern.term in _WISH:
            text.wishes.add(text.clauses[hit.first])
        elif hit.pattern.term in _PAST or hit.pattern.term in _HABITUAL:
            text.background.add(text.sentences[hit.first])


def _hits(words: Sequence[str], sentences: Sequence[int], starts: list[_Start]) -> list[_Hit]:
    """Find the leftmost longest matches of a rule's terms, within sentences."""
    count = len(words)
    hits: list[_Hit] = []
    free = 0  # the first word not covered by a hit
    for position, nodes in starts:
        if position < free:
            continue
        best: _Pattern | None = None
        best_last = position
        sentence = sentences[position]
        stack = [(node, position) for node in nodes]
        while stack:
            node, last = stack.pop()
            pattern = node.pattern
            if pattern is not None and (
                best is None
                or last > best_last
                or (last == best_last and pattern.specificity > best.specificity)
            ):
                best, best_last = pattern, last
            following = last + 1
            if following < count and sentences[following] == sentence:
                # The lookup of ``next``, written out: this loop runs for every word read.
                word = words[following]
                children = node.followers.get(word)
                if children is None:
                    children = node.next(word)
                if children:
                    stack.extend([(child, following) for child in children])
        if best is not None:
            hits.append(_Hit(best, position, best_last))
            free = best_last + 1
    return hits


def _score(hits: Iterable[_Hit], text: _Text) -> float:
    """Add up the weighted hits, each term counting its ``_MAX_HITS`` strongest ones."""
    by_term: dict[str, list[float]] = {}
    for hit in hits:
        weight = text.weight(hit.first)
        by_term.setdefault(hit.pattern.term, []).append(hit.pattern.weight * weight)
    return sum(
        sum(sorted(values, key=abs, reverse=True)[:_MAX_HITS]) for values in by_term.values()
    )


def suggest_topics(doc: Document, rules: tuple[TopicRule, ...]) -> tuple[TopicSuggestion, ...]:
    """Return the topics whose rules score at or above their threshold, strongest first."""
    text, (context, *starts) = _read(doc, _rule_set(rules))
    found = []
    for rule, rule_starts in zip(rules, starts, strict=True):
        hits = _hits(text.words, text.sentences, rule_starts)
        if hits:
            found.append((rule, hits))
    # Hits never span two sentences: each sentence is read for its context on its own.
    _read_context(text, context, {text.sentences[hit.first] for _, hits in found for hit in hits})
    suggestions: list[TopicSuggestion] = []
    for rule, hits in found:
        by_section: dict[int, list[_Hit]] = {}
        for hit in hits:
            section = text.sections[text.part(hit.first)]
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
        if hit.pattern.weight <= 0 or text.weight(hit.first) < 1:
            continue
        phrase = text.phrase(doc, hit.first, hit.last)
        phrases.setdefault(fold(phrase), phrase)
        if len(phrases) == _MAX_EVIDENCE:
            break
    return tuple(phrases.values())
