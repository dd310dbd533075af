"""Cardinal numbers written in digits or in words, French and English, with their offsets.

The text given to ``find_numbers`` must be folded (``text.fold``): offsets then hold in the
original, and the original is only read again to hand number words to text2num.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num


def _words(text: str) -> frozenset[str]:
    """Return the words of a list written as one string."""
    return frozenset(text.split())


_WORDS = {
    "fr": _words(
        """
        zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze
        quinze seize vingt vingts trente quarante cinquante soixante septante huitante octante
        nonante cent cents mille million millions milliard milliards
        """
    ),
    "en": _words(
        """
        zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
        eighty ninety hundred thousand million billion
        """
    ),
}
# A joining word belongs to the number only between these words ("vingt et un",
# "one hundred and five"); elsewhere "sept tués et deux blessés" are two numbers.
_JOINERS = {"fr": "et", "en": "and"}
_JOINED_AFTER = {
    "fr": _words("vingt trente quarante cinquante soixante septante huitante octante nonante"),
    "en": _words("hundred thousand million billion"),
}
_JOINED_BEFORE = {"fr": frozenset({"un", "une", "onze"}), "en": _WORDS["en"]}
# A lone "un", "une" or "one" is as often an article or a pronoun as a count.
_ARTICLES = {"fr": frozenset({"un", "une"}), "en": frozenset({"one", "a", "an"})}
# "une dizaine", "a dozen": a round figure; the plural ("des dizaines", "dozens") is vague.
_ROUND = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
    "dozen": 12,
    "score": 20,
}
_EXACT_ROUND = frozenset({"dozen", "douzaine"})

_TOKEN = re.compile(r"\d{1,3}(?:[ .,]\d{3})+(?![\d,.]\d)|\d+(?:[.,]\d+)?|[a-z]+")
_RANGE = {
    "fr": re.compile(r"\s*(?:a|-|ou|et)\s*$"),
    "en": re.compile(r"\s*(?:to|-|or|and)\s*$"),
}


@dataclass(frozen=True)
class Number:
    """A cardinal found in a text; a range keeps both bounds."""

    start: int
    end: int
    value: int
    upper: int | None = None  # the upper bound of a range ("entre 10 et 12", "10 to 12")
    is_approximate: bool = False  # a round figure ("une dizaine") or a range
    is_article: bool = False  # "un", "une", "one", "a": a count only before a person


def _digits(token: str) -> int | None:
    """Read a token of digits, thousands grouped or not; decimals are not counts."""
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", token):
        return int(re.sub(r"\D", "", token))
    if token.isdigit():
        return int(token)
    return None


def _read_words(original: str, tokens: list[re.Match[str]], language: str) -> int | None:
    """Return the value of number words, or None when text2num does not accept them."""
    phrase = original[tokens[0].start() : tokens[-1].end()].lower()
    try:
        return text2num(phrase, language)
    except ValueError:
        return None


def find_numbers(folded: str, original: str, language: str = "fr") -> list[Number]:
    """Return the cardinals of a folded text, number words included, ranges merged."""
    lang = language if language in _WORDS else "fr"
    words, joiner, articles = _WORDS[lang], _JOINERS[lang], _ARTICLES[lang]
    tokens = list(_TOKEN.finditer(folded))
    found: list[Number] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].group()
        if token[0].isdigit():
            value = _digits(token)
            if value is not None:
                found.append(Number(tokens[index].start(), tokens[index].end(), value))
            index += 1
            continue
        following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
        if token in articles and following in _ROUND:
            found.append(
                Number(
                    tokens[index].start(),
                    tokens[index + 1].end(),
                    _ROUND[following],
                    is_approximate=following not in _EXACT_ROUND,
                )
            )
            index += 2
            continue
        if token in ("a", "an") and lang == "en" and following not in words:
            found.append(Number(tokens[index].start(), tokens[index].end(), 1, is_article=True))
            index += 1
            continue
        if token not in words:
            index += 1
            continue
        run = [tokens[index]]
        cursor = index + 1
        while cursor < len(tokens):
            word = tokens[cursor].group()
            gap = folded[tokens[cursor - 1].end() : tokens[cursor].start()]
            if gap.strip(" -"):
                break
            if word in words:
                run.append(tokens[cursor])
            elif (
                word == joiner
                and run[-1].group() in _JOINED_AFTER[lang]
                and cursor + 1 < len(tokens)
                and tokens[cursor + 1].group() in _JOINED_BEFORE[lang]
            ):
                run.extend(tokens[cursor : cursor + 2])
                cursor += 1
            else:
                break
            cursor += 1
        # Shorten the run from the right until text2num accepts it ("deux trois" is two numbers).
        while run:
            value = _read_words(original, run, lang)
            if value is not None:
                break
            run.pop()
            while run and run[-1].group() == joiner:
                run.pop()
        if not run:
            index += 1
            continue
        lone_article = len(run) == 1 and run[0].group() in articles
        found.append(Number(run[0].start(), run[-1].end(), value, is_article=lone_article))
        index = tokens.index(run[-1], index) + 1
    return _merge_ranges(folded, found, lang)


def _merge_ranges(folded: str, numbers: list[Number], language: str) -> list[Number]:
    """Join "entre 10 et 12", "10 à 12", "10 to 12", "10-12" into one number with bounds."""
    merged: list[Number] = []
    for number in numbers:
        if merged and not number.is_article:
            previous = merged[-1]
            gap = folded[previous.end : number.start]
            if (
                not previous.is_article
                and previous.upper is None
                and previous.value < number.value
                and _RANGE[language].match(gap)
                and _is_range_word(folded, previous, gap, language)
            ):
                merged[-1] = Number(
                    previous.start,
                    number.end,
                    previous.value,
                    upper=number.value,
                    is_approximate=True,
                )
                continue
        merged.append(number)
    return merged


def _is_range_word(folded: str, first: Number, gap: str, language: str) -> bool:
    """Say whether a joining word makes a range: "et"/"and" only after "entre"/"between"."""
    word = gap.strip()
    if word not in ("et", "and"):
        return True
    opener = "entre" if language == "fr" else "between"
    return folded[: first.start].rstrip().endswith(opener)
