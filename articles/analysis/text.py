"""Text helpers shared by every analysis step: folding, sentences, parts of a document.

``fold`` keeps the length of its input: character ``i`` of the folded text stands for
character ``i`` of the original, so an offset found in folded text is valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Generic, TypeVar

from articles.analysis.types import Document

_APOSTROPHES = "'’‘ʼʹ´`′ʻ"
_HYPHENS = "-‐‑‒–—―−﹣－"
_QUOTES = '"«»“”„‟‹›″'
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"


class _FoldTable(dict[int, str]):
    """Translation table filled on first use, one folded character per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _APOSTROPHES:
            folded = "'"
        elif char in _HYPHENS:
            folded = "-"
        elif char in _QUOTES:
            folded = '"'
        elif char in _SPACES:
            folded = " "
        else:
            # Accents go first, then the case; a character whose fold grows (ß -> ss)
            # keeps only its first letter so that offsets stay aligned.
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            folded = (base or char).casefold()[:1] or char
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


_NON_ASCII = re.compile(r"[^\x00-\x7f]|[`\t]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(match.group())]


def fold(text: str) -> str:
    """Return ``text`` casefolded, without accents, with one form of apostrophe, hyphen, quote
    and space; the result has exactly the length of ``text``.

    Each character is folded on its own, so ``fold(text)[i:j] == fold(text[i:j])``: a part
    folded once serves for every slice of it.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters
        return text.translate(_FOLD_TABLE)
    if lowered.isascii() and "`" not in lowered and "\t" not in lowered:
        return lowered
    # Most characters are ASCII: only the others go through the table.
    return _NON_ASCII.sub(_fold_char, lowered)


@lru_cache(maxsize=4096)
def fold_part(part: str) -> str:
    """Return ``fold(part)``, cached: every step of the analysis folds the same parts."""
    return fold(part)


# Words that end with a full stop without ending the sentence (compared folded).
_ABBREVIATION_LIST = """
    m mm mme mmes mlle mlles dr pr me st ste gen gal col cdt lt sgt adj cpt capt maj
    mr mrs ms messrs prof rev sen rep gov sr jr hon lieut brig cmdr adm
    av apr j.-c jc etc cf ex env p pp vol no nos art chap fig ed eds ibid
    vs v e.g i.e u.s u.k u.n u.s.a n.b a.m p.m approx dept est inc ltd co corp
    jan fev feb mar avr aug sep sept oct nov dec janv fevr juil
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))

# Stops (with the closing quotes after them) before a blank or the end, or line breaks:
# ``[.!?…]+["»”’')\]]*(?=\s+|$)|\n+``, written to start with one character class, which lets
# the engine skip ahead to the places worth trying; the lookbehinds tell the two kinds apart.
_BOUNDARY = re.compile(r"""[.!?…\n](?:(?<=[.!?…])[.!?…]*["»”’')\]]*(?=\s+|$)|(?<=\n)\n*)""")
_NEXT_START = re.compile(r"""\s*["«“‘(\[]?\s*[\w\d¿¡-]""")
_LAST_WORD = re.compile(r"([\w.\-]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Say whether the full stop at ``dot`` closes an abbreviation or an initial."""
    match = _LAST_WORD.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Biden"
    word = word.strip(".")
    # Folding keeps the length: most words before a full stop are too long to be looked up.
    return len(word) <= _LONGEST_ABBREVIATION and fold(word) in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their (start, end) offsets, blanks trimmed."""
    return list(_split_sentences(text))


@lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: the same parts are split by every step of the analysis.
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith("\n"):
            spans.append((start, match.start()))
            start = end
            continue
        if match.group() == "." and _is_abbreviation(text, match.start()):
            continue
        following = _NEXT_START.match(text, end)
        if following and following.group()[-1].islower():
            continue  # a lower-case word after the stop: the sentence goes on
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for begin, finish in spans:
        while begin < finish and text[begin].isspace():
            begin += 1
        while finish > begin and text[finish - 1].isspace():
            finish -= 1
        if finish > begin:
            trimmed.append((begin, finish))
    return tuple(trimmed)


def iter_parts(doc: Document, *, headings: bool = True) -> Iterator[tuple[int, str]]:
    """Yield (part index, text) for each non-empty part; sub-headings only when asked."""
    for index, part in enumerate(doc.parts):
        if part.strip() and (headings or index not in doc.headings):
            yield index, part


def section_of(doc: Document, index: int) -> int | None:
    """Return the index of the sub-heading a part falls under, or None before the first one."""
    previous = [heading for heading in doc.headings if heading <= index]
    return max(previous) if previous else None


V = TypeVar("V")


def match_key(text: str) -> str:
    """Fold ``text`` for phrase matching: like ``fold``, with hyphens read as spaces."""
    return match_key_folded(fold(text))


def match_key_folded(folded: str) -> str:
    """Return the ``match_key`` of text already folded."""
    return folded.replace("-", " ").replace("_", " ")


@lru_cache(maxsize=4096)
def match_key_part(part: str) -> str:
    """Return ``match_key(part)``, cached like ``fold_part``."""
    return match_key_folded(fold_part(part))


class PhraseMatcher(Generic[V]):
    """Find many phrases at once in folded text, whole words only, longest first.

    Keys are compared after ``match_key``; each key holds the list of values added for it.
    Built on an Aho-Corasick automaton, so the cost of a search barely grows with the
    number of phrases.
    """

    def __init__(self) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        self._values: dict[str, list[V]] = {}
        self._ready = False

    def add(self, phrase: str, value: V) -> None:
        """Register ``value`` under ``phrase`` (ignored when the phrase folds to nothing)."""
        key = " ".join(match_key(phrase).split())
        if len(key) < 2:
            return
        self._values.setdefault(key, []).append(value)
        self._ready = False

    def __len__(self) -> int:
        return len(self._values)

    def _build(self) -> None:
        for key, values in self._values.items():
            self._automaton.add_word(key, (len(key), values))
        self._automaton.make_automaton()
        self._ready = True

    def find(self, folded: str) -> list[tuple[int, int, list[V]]]:
        """Return (start, end, values) of the leftmost-longest whole-word matches in text
        already passed through ``match_key``."""
        if not self._ready:
            self._build()
        if not self._values:
            return []
        found = []
        size = len(folded)
        for last, (length, values) in self._automaton.iter_long(folded):
            start, end = last - length + 1, last + 1
            # The test of _whole_words, written out: most matches are pieces of words, and
            # this loop is the hottest of the analysis.
            if (start == 0 or not folded[start - 1].isalnum()) and (
                end == size or not folded[end].isalnum()
            ):
                found.append((start, end, values))
                continue
            if folded[start:end].isalnum():
                continue  # a piece of a longer word, with no whole word inside it
            # The longest phrase ran into a word ("Gaza citywide"): a shorter one may fit.
            inner = [
                (last - size + 1, last + 1, inner_values)
                for last, (size, inner_values) in self._automaton.iter(folded, start, end)
                if self._whole_words(folded, last - size + 1, last + 1)
            ]
            if inner:
                found.append(max(inner, key=lambda match: match[1] - match[0]))
        return found

    @staticmethod
    def _whole_words(folded: str, start: int, end: int) -> bool:
        return (start == 0 or not folded[start - 1].isalnum()) and (
            end == len(folded) or not folded[end].isalnum()
        )


def alternation(alternatives: Iterable[str]) -> str:
    """Return a regular expression group that matches like ``(?:a|b|...)``, quicker.

    Each alternative is a regular expression that starts with a letter or a digit. They are
    grouped by that first character, each group keeping their order, so that the engine tries
    only the alternatives that can match where it stands, and the same one wins.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalnum():
            raise ValueError(f"an alternative must start with a letter: {alternative!r}")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "(?:{})".format(
        "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    )


def word_set(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of ``text`` as a set (for word lists in code)."""
    return frozenset(text.split())


# Lowercase words inside people's names ("Ursula von der Leyen", "Abou Mohammed al-Joulani").
NAME_PARTICLES = word_set(
    "al el ben bin ibn abu abou de du des da do dos di del la le van von der den ter zu y e ould"
)
# Arabic articles that take the sound of the next letter ("as-Sisi", "ash-Sharaa"): particles
# only when a hyphen joins them to the name, as "as", "an" and "at" alone are English words.
_JOINED_PARTICLES = word_set("ad ed as ash ar an at")
# The elided word that opens a French word ("l'OTAN", "d'Odessa", "qu'il", "jusqu'à"), to strip.
ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


def is_name_particle(word: str) -> bool:
    """Say whether a lowercase word belongs inside a name, alone ("von", "bin") or joined to
    the name by a hyphen ("al-Assad", "as-Sisi")."""
    head, hyphen, _ = word.partition("-")
    return word in NAME_PARTICLES or (
        bool(hyphen) and (head in NAME_PARTICLES or head in _JOINED_PARTICLES)
    )
