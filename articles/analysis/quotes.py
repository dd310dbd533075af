"""Direct quotes of a story and who speaks them.

A quote is text between « », “ ”, „ “ or straight double quotes, of at least ``_MIN_WORDS``
words; a short quote set in a noun phrase ("des « tirs de sommation »", "as "legitimate
targets"") is a scare quote and is skipped. The speaker is read from the words around it:

- after it: "« ... », a déclaré X", "« ... », a-t-il ajouté", '"...", said X', '"...", X said';
- before it: "X a écrit sur Telegram : « ... »", 'X said: "..."', "X a déclaré que Moscou
  était « ... »", "Poutine déclarant que « ... »";
- "selon X" in the same sentence.

A pronoun (il, elle, he, she, they) stands for the last speaker named before it. The speaker
becomes an actor when one of the actor's mentions lies in the speaker's words, or when the
names agree; otherwise the words themselves are kept, cut to the name they hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.analysis.text import fold, split_sentences
from articles.analysis.types import ActorSuggestion, Document, QuoteSuggestion

_MIN_WORDS = 3
_SCARE_MAX_WORDS = 5

_QUOTE = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|„(?P<c>[^„“]+?)“|\"(?P<d>[^\"]+?)\"")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")

# Verbs of saying, folded, past participle or present ("a déclaré", "dit", "said").
_SAY_FR = (
    r"(?:declare|dit|ajoute|affirme|ecrit|estime|souligne|assure|explique|precise|indique|"
    r"annonce|confie|lance|martele|insiste|rappelle|denonce|reagi|commente|poursuit|conclu|"
    r"temoigne|raconte|averti|previent|promis|repondu|regrette|salue|juge|poste|publie|"
    r"tweete|declaraient|note|observe|ironise|prevenu|plaide|tranche|resume|reconnu|admis|"
    r"insiste|soutient|soutenu|clame|proclame|deplore|fustige|critique|nuance|confirme)"
)
_SAY_FR_PRESENT = (
    r"(?:declare|dit|ajoute|affirme|ecrit|estime|souligne|assure|explique|precise|indique|"
    r"annonce|confie|lance|martele|insiste|rappelle|denonce|poursuit|conclut|temoigne|"
    r"raconte|avertit|previent|regrette|juge|note|observe|ironise|plaide|tranche|resume|"
    r"reconnait|admet|soutient|clame|deplore|fustige|nuance|confirme|selon)"
)
_SAY_EN = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|declared|warned|warns|"
    r"explained|noted|insisted|argued|asked|tweeted|posted|replied|responded|announced|"
    r"stressed|urged|acknowledged|admitted|claimed|recalled|recounted|continued|concluded|"
    r"posted|vowed|promised)"
)
_PARTICIPLE = r"(?:declarant|affirmant|ajoutant|estimant|assurant|expliquant|soulignant|" \
    r"precisant|indiquant|saying|adding|warning|noting|insisting|arguing|writing)"
_PRONOUNS = frozenset("il elle ils elles on he she they it we nous".split())

# After the quote: the words that name who spoke.
_AFTER = (
    re.compile(
        r"^\s*,?\s*(?:(?:a|ont|avait|avaient)-(?:t-)?|" + _SAY_FR_PRESENT + r"-(?:t-)?)"
        r"(?P<pronoun>il|elle|ils|elles|on)\b"
    ),
    re.compile(
        r"^\s*,?\s*(?:(?:a|ont|avait|avaient)\s+)?" + _SAY_FR + r"\s+(?P<who>[^.;!?«»\"]+)"
    ),
    re.compile(r"^\s*,?\s*" + _SAY_FR_PRESENT + r"\s+(?P<who>[^.;!?«»\"]+)"),
    re.compile(r"^\s*,?\s*(?:selon|according\s+to)\s+(?P<who>[^.;!?«»\"]+)"),
    re.compile(r"^\s*,?\s*" + _SAY_EN + r"\s+(?P<who>[^.;!?\"]+)"),
    re.compile(r"^\s*,?\s*(?P<who>[^.;!?\"«»,]{1,80}?)\s+(?:has\s+|had\s+)?" + _SAY_EN + r"\b"),
)
# Before the quote: "X a déclaré : ", "X said: ", "X a déclaré que Moscou était ".
_BEFORE = (
    re.compile(
        r"(?P<who>[^.;!?«»\"]+?)\s+(?:lui-meme\s+|elle-meme\s+)?(?:a|ont|avait|avaient)\s+"
        r"(?:\w+\s+)?" + _SAY_FR + r"\b[^«»\"]*$"
    ),
    re.compile(r"(?P<who>[^.;!?«»\"]+?)\s+" + _SAY_FR_PRESENT + r"\b[^«»\"]*$"),
    re.compile(r"(?P<who>[^.;!?«»\"]+?)\s+" + _PARTICIPLE + r"\b[^«»\"]*$"),
    re.compile(r"(?P<who>[^.;!?\"]+?)\s+(?:has\s+|had\s+)?" + _SAY_EN + r"\b[^\"]*$"),
    re.compile(r"\b(?:selon|according\s+to)\s+(?P<who>[^,.;!?«»\"]+)"),
)
# Where the subject of a verb of saying starts: after one of these, or at the sentence start.
_CLAUSE_START = re.compile(
    r".*(?:\balors\s+que|\btandis\s+que|\bwhile|\bwhereas|;|\bmais|\bbut|\bet|\band|"
    r"\bque|\bthat|\bqu')\s+",
    re.DOTALL,
)
# Where a speaker's description stops: circumstances, dates, places, media.
_WHO_END = re.compile(
    r"\s+(?:sur|lors|dans|devant|pendant|apres|avant|a\s+l'|au|aux|a|en|mardi|lundi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|on|in|at|during|after|before|to|from|via|last|this|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|que|qu'|that)\b"
)
_NAME_RUN = re.compile(
    r"(?:[A-ZÀ-Ý][\w’'-]*\.?(?:\s+(?:de|du|des|al|el|ben|bin|van|von|da|di|la|le|d’|d')?"
    r"\s*[A-ZÀ-Ý][\w’'-]*)*)"
)
_DETERMINERS = frozenset(
    "le la les l' un une des du ce cette ces the a an this that these those".split()
)


@dataclass(frozen=True)
class _Speaker:
    name: str
    actor_key: str | None
    part: int
    start: int
    end: int


def _quotes(part: str) -> list[tuple[int, int]]:
    """Return the (start, end) of the text inside each outermost quote of a part."""
    spans: list[tuple[int, int]] = []
    for match in _QUOTE.finditer(part):
        group = next(name for name in "abcd" if match.group(name) is not None)
        spans.append((match.start(group), match.end(group)))
    spans.sort()
    outer: list[tuple[int, int]] = []
    for start, end in spans:
        if outer and start < outer[-1][1]:
            continue
        outer.append((start, end))
    return outer


def _is_scare_quote(part: str, start: int, end: int) -> bool:
    """Say whether a quote is a few words set in a noun phrase rather than speech."""
    words = _WORD.findall(part[start:end])
    if len(words) < _MIN_WORDS:
        return True
    if len(words) >= _SCARE_MAX_WORDS:
        return False
    before = fold(part[max(0, start - 12) : start]).rstrip(' "«“„')
    last = before.split()[-1] if before.split() else ""
    return last in {"des", "de", "d'", "les", "la", "le", "du", "un", "une", "comme", "as", "a",
                    "an", "the", "of", "called", "dubbed", "baptise", "baptisee", "qualifie"}


def _name_in(phrase: str) -> tuple[int, int]:
    """Return the offsets of the name a speaker's description holds, or of the description."""
    runs = [
        match
        for match in _NAME_RUN.finditer(phrase)
        if fold(match.group()).split()[0] not in _DETERMINERS
    ]
    full = [match for match in runs if len(match.group().split()) >= 2]
    if full:
        return full[-1].start(), full[-1].end()
    if runs and len(phrase.split()) == len(runs[-1].group().split()):
        return runs[-1].start(), runs[-1].end()
    stripped = phrase.strip(" ,")
    offset = phrase.find(stripped)
    return offset, offset + len(stripped)


def _who_span(part: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a speaker's words to the description itself: no circumstances, no clause before."""
    folded = fold(part[start:end])
    clause = _CLAUSE_START.match(folded)
    if clause:
        start += clause.end()
        folded = fold(part[start:end])
    stop = _WHO_END.search(folded)
    if stop and stop.start() > 0:
        end = start + stop.start()
    text = part[start:end]
    stripped = text.strip(" ,:")
    if not stripped:
        return None
    start += text.find(stripped)
    return start, start + len(stripped)


def _resolve(
    doc_part: int,
    part: str,
    start: int,
    end: int,
    actors: tuple[ActorSuggestion, ...],
) -> _Speaker:
    """Turn the words naming a speaker into a speaker, an actor when one matches."""
    name_start, name_end = _name_in(part[start:end])
    name_start += start
    name_end += start
    inside = [
        (actor, mention)
        for actor in actors
        for mention in actor.mentions
        if mention[0] == doc_part and mention[1] < end and mention[2] > start
    ]
    if inside:
        # The mention that covers the name wins over one in its description ("du Kremlin").
        inside.sort(
            key=lambda pair: (
                not (pair[1][1] < name_end and pair[1][2] > name_start),
                pair[0].kind != "person",
                -(pair[1][2] - pair[1][1]),
            )
        )
        actor = inside[0][0]
        return _Speaker(actor.name, actor.key, doc_part, start, end)
    name = part[name_start:name_end]
    folded_name = fold(name)
    for actor in actors:
        folded_actor = fold(actor.name)
        if folded_name == folded_actor or (
            " " not in folded_name and folded_actor.split()[-1:] == [folded_name]
        ):
            return _Speaker(actor.name, actor.key, doc_part, start, end)
    return _Speaker(name, None, doc_part, start, end)


def _speaker_after(part: str, end: int) -> tuple[str, int, int] | None:
    """Read the words after a quote; return ("pronoun"|"who", start, end) of the speaker."""
    following = fold(part[end : end + 200]).lstrip('"» ”“')
    offset = end + (len(fold(part[end : end + 200])) - len(following))
    following = following.split("\n")[0]
    for pattern in _AFTER:
        match = pattern.match(following)
        if not match:
            continue
        if "pronoun" in match.groupdict() and match.group("pronoun"):
            return "pronoun", 0, 0
        who_start, who_end = offset + match.start("who"), offset + match.end("who")
        if fold(part[who_start:who_end]).strip() in _PRONOUNS:
            return "pronoun", 0, 0
        return "who", who_start, who_end
    return None


def _speaker_before(part: str, start: int, sentence_start: int) -> tuple[str, int, int] | None:
    """Read the words before a quote, back to its sentence start; return the speaker's words."""
    before = fold(part[sentence_start:start]).rstrip(' "«“„')
    for pattern in _BEFORE:
        match = pattern.search(before)
        if not match:
            continue
        who_start = sentence_start + match.start("who")
        who_end = sentence_start + match.end("who")
        span = _who_span(part, who_start, who_end)
        if span is None:
            continue
        if fold(part[span[0] : span[1]]).strip() in _PRONOUNS:
            return "pronoun", 0, 0
        return "who", span[0], span[1]
    return None


def _sentence_start(part: str, offset: int, sentences: list[tuple[int, int]]) -> int:
    """Return where the sentence that holds ``offset`` starts, quotes not splitting it."""
    start = 0
    for begin, _ in sentences:
        if begin > offset:
            break
        start = begin
    return start


def find_quotes(doc: Document, actors: tuple[ActorSuggestion, ...]) -> tuple[QuoteSuggestion, ...]:
    """Return the direct quotes of a story with their speakers, in reading order."""
    found: list[QuoteSuggestion] = []
    last: _Speaker | None = None
    for index, part in enumerate(doc.parts):
        if index in doc.headings:
            continue
        sentences = split_sentences(part)
        for start, end in _quotes(part):
            if _is_scare_quote(part, start, end):
                continue
            speaker: _Speaker | None = None
            sentence_start = _sentence_start(part, start - 1, sentences)
            reading = _speaker_after(part, end) or _speaker_before(part, start, sentence_start)
            if reading and reading[0] == "pronoun":
                speaker = last
            elif reading:
                speaker = _resolve(index, part, reading[1], reading[2], actors)
            if speaker is not None:
                last = speaker
            found.append(
                QuoteSuggestion(
                    text=part[start:end],
                    speaker=speaker.name if speaker else None,
                    actor_key=speaker.actor_key if speaker else None,
                    span=(index, start, end),
                )
            )
    return tuple(found)
