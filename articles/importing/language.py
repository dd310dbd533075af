"""The language of a story: French or English by their function words, others by langdetect.

Counting function words is deterministic and instant, and on news text it never confuses
French with English. Only a text where neither list finds its share of words is handed to
langdetect, seeded so that the same text always gets the same answer.
"""

from __future__ import annotations

import re

# fmt: off
_FRENCH = frozenset([
    "le", "les", "des", "du", "et", "est", "une", "dans", "pour", "pas", "sur", "au", "aux",
    "avec", "cette", "ces", "ont", "été", "il", "elle", "ils", "elles", "nous", "vous",
    "mais", "ou", "où", "par", "plus", "selon", "lors", "contre", "après", "entre", "leur",
    "leurs", "sont", "était", "avait", "être", "qui", "ne", "se", "sa", "ses", "son", "ce",
    "d", "l", "qu", "j", "jusqu", "lorsqu", "puisqu", "aussi", "très", "sans", "sous", "à",
    "en", "depuis", "déjà", "encore", "toujours", "dont", "cela", "notre", "nos", "votre",
    "aujourd", "hui", "mois",
])
_ENGLISH = frozenset([
    "the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "by", "at", "from",
    "has", "have", "had", "it", "its", "are", "were", "be", "been", "this", "which", "who",
    "said", "after", "against", "between", "their", "will", "would", "not", "they", "he",
    "she", "his", "her", "or", "but", "than", "also", "over", "into", "what", "when",
    "there", "about", "as", "an", "up", "out", "no", "new", "more", "could", "should",
    "may", "did", "do", "does", "we", "you", "our", "them", "these", "those", "then",
    "while", "because", "during", "under", "if", "so", "all", "any", "some", "such", "only",
    "other", "both", "each", "through", "where", "how", "why", "since", "until", "before",
    "without",
])
# fmt: on
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 20_000
# In French or English news, these words make up a third of the text; a longer text where
# they make up less than this share, or a short one without any, is in another language.
_MIN_SHARE = 0.12
_MIN_WORDS_FOR_SHARE = 20
# Fewer words than this tell langdetect too little to be trusted.
_MIN_WORDS_FOR_OTHER = 8
_CODES = {
    "fr": "fr",
    "fre": "fr",
    "fra": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "en": "en",
    "eng": "en",
    "english": "en",
    "anglais": "en",
}
_CODE = re.compile(r"^[a-z]{2,3}$")


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language of ``text``, or None when it has too few words."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    french = sum(1 for word in words if word in _FRENCH)
    english = sum(1 for word in words if word in _ENGLISH)
    best = max(french, english)
    rare = best < _MIN_SHARE * len(words) if len(words) >= _MIN_WORDS_FOR_SHARE else best == 0
    if rare and len(words) >= _MIN_WORDS_FOR_OTHER:
        other = _detect_other(text[:_SAMPLE_CHARS])
        if other is not None:
            return other
    if best == 0:
        return None
    return "en" if english > french else "fr"


def language_code(value: str) -> str | None:
    """Return the ISO 639-1 code for a language tag or name ("fr-FR", "French"), or None."""
    value = value.strip().lower().replace("_", "-")
    if value in _CODES:
        return _CODES[value]
    primary = value.split("-", 1)[0]
    if primary in _CODES:
        return _CODES[primary]
    return primary if _CODE.match(primary) else None


def _detect_other(text: str) -> str | None:
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return None
    if not guesses or guesses[0].prob < 0.8:
        return None
    code = guesses[0].lang.split("-", 1)[0]
    return code if code not in ("fr", "en") else None
