"""Direct quotes of a story and who speaks them.

A quote is text between « », “ ”, „ “ or straight double quotes, of at least ``_MIN_WORDS``
words; a short quote set in a noun phrase ("des « tirs de sommation »", "as "red lines"") is a
scare quote and is skipped. The speaker is read from the words around it:

- after it: "« ... », a déclaré X", "« ... », a-t-il ajouté", '"...", said X', '"...", X said';
- before it: "X a écrit sur Telegram : « ... »", 'X said: "..."', "X a déclaré que Paris
  était « ... »", "Macron déclarant que « ... »";
- "selon X" in the same sentence.

A pronoun (il, elle, he, she, they) stands for the last speaker named before it. The speaker
becomes an actor when one of the actor's mentions lies in the speaker's words, or when the
names agree; otherwise the words themselves are kept, cut to the name they hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.analysis.text import NAME_PARTICLES, alternation, fold, fold_part, split_sentences
from articles.analysis.types import ActorSuggestion, Document, QuoteSuggestion


def _words(text: str) -> frozenset[str]:
    """Return the words of a list written as one string."""
    return frozenset(text.split())


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
    r"soutient|soutenu|clame|proclame|deplore|fustige|critique|nuance|confirme|repete|"
    r"felicite|rejoui|indigne|exclame|insurge|inquiete|defendu|justifie|emporte|alarme|desole|"
    r"condamne|accuse|reclame|exige|demande)"
)
_SAY_FR_PRESENT = (
    r"(?:declare|dit|ajoute|affirme|ecrit|estime|souligne|assure|explique|precise|indique|"
    r"annonce|confie|lance|martele|insiste|rappelle|denonce|poursuit|conclut|temoigne|"
    r"raconte|avertit|previent|regrette|juge|note|observe|ironise|plaide|tranche|resume|"
    r"reconnait|admet|soutient|clame|deplore|fustige|nuance|confirme)"
)
_SAY_EN = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|declared|warned|warns|"
    r"explained|noted|insisted|argued|asked|tweeted|posted|replied|responded|announced|"
    r"stressed|urged|acknowledged|admitted|claimed|recalled|recounted|continued|concluded|"
    r"vowed|promised|called|described)"
)
_PARTICIPLE = (
    r"(?:declarant|affirmant|ajoutant|estimant|assurant|expliquant|soulignant|"
    r"precisant|indiquant|saying|adding|warning|noting|insisting|arguing|writing)"
)
# The words of a speaker, up to a stop that is not an honorific's ("M. Dupont", "Dr. Sule").
_WHO_CHARS = r"(?:\b(?:m|mm|mme|mlle|dr|mr|mrs|ms|pr|me|st)\.|[^.;!?«»\"])"
_NATIONALITY = re.compile(r"^\w+(?:ian|ean|ese|ish|ani|eli|aqi|ien|ienne|ais|aise|ain|aine)$")
_PRONOUNS = _words(
    """
    il elle ils elles on he she they it we nous qui who which
    """
)
_CONJUNCTIONS = _words("et and mais but puis then ou or")

# After the quote: the words that name who spoke.
_AFTER = (
    re.compile(
        r"^\s*,?\s*(?:(?:a|ont|avait|avaient)-(?:t-)?|" + _SAY_FR_PRESENT + r"-(?:t-)?)"
        r"(?P<pronoun>il|elle|ils|elles|on)\b"
    ),
    re.compile(
        r"^\s*,?\s*(?:(?:a|ont|avait|avaient|s'est|se\s+sont|s'etait)\s+)?"
        + _SAY_FR
        + rf"\s+(?P<who>{_WHO_CHARS}+)"
    ),
    re.compile(r"^\s*,?\s*" + _SAY_FR_PRESENT + rf"\s+(?P<who>{_WHO_CHARS}+)"),
    re.compile(r"^\s*,?\s*(?:selon|according\s+to)\s+(?P<who>[^.;!?«»\"]+)"),
    re.compile(r"^\s*,?\s*" + _SAY_EN + rf"\s+(?P<who>{_WHO_CHARS}+)"),
    # '"...," X said', '"...," the agency's spokesman, Omar Farah, told reporters'
    re.compile(
        r"^\s*,?\s*(?P<who>(?:[a-z]\.|[^.;!?\"«»]){1,80}?)\s+(?:has\s+|had\s+)?" + _SAY_EN + r"\b"
    ),
)
# Before the quote, a verb of saying whose subject is the speaker: "X a déclaré : ",
# "X said: ", "X a déclaré que Paris était ", "Macron déclarant que ".
_SAYING = re.compile(
    r"\s(?:(?:lui-meme|elle-meme)\s+)?(?:(?:a|ont|avait|avaient|s'est|se\s+sont|s'etait)\s+"
    r"(?:\w+\s+)?"
    + _SAY_FR
    + r"|"
    + _SAY_FR_PRESENT
    + r"|"
    + _PARTICIPLE
    + r"|(?:has\s+|had\s+)?"
    + _SAY_EN
    + r")\b"
)
_ACCORDING = re.compile(r"\b(?:selon|according\s+to)\s+(?P<who>[^,.;!?\"]+)")
# Where the subject of a verb of saying starts: after one of these, or at the sentence start.
_CLAUSE_START = re.compile(
    r"(?:\balors\s+que|\btandis\s+que|\bwhile|\bwhereas|;|\bmais|\bbut|\bet|\band|"
    r"\bque|\bthat|\bqu')\s+"
)
# Where a speaker's description stops: circumstances, dates, places, media.
_WHO_END = re.compile(
    r"\s+(?:sur|lors|dans|devant|pendant|apres|avant|a\s+l'|au|aux|a|en|mardi|lundi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|on|in|at|during|after|before|to|from|via|last|this|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|que|qu'|that|qui|who|which)\b"
)
_NAME_RUN = re.compile(
    r"(?:[A-ZÀ-Ý][\w’'-]*\.?(?:\s+(?:"
    + alternation([*sorted(NAME_PARTICLES), "d’", "d'"])
    + r")?\s*[A-ZÀ-Ý][\w’'-]*)*)"
)
# Words before a scare quote: "des « tirs de sommation »", "as "red lines"".
_SCARE_OPENERS = _words(
    """
    des de d' les la le du un une comme as a an the of called dubbed baptise baptisee
    qualifie
    """
)
# Capitalised words that open a sentence or a title, not a name.
_NOT_NAMES = _words(
    """
    le la les l' un une des du de d' ce cette ces en au aux dans selon pour par sur
    interroge the a an this that these those in on at for by from as after
    """
)
_TITLES = _words(
    """
    president presidente prime premier minister ministre secretary secretaire gov governor
    gouverneur mayor maire general gen chancellor chancelier king roi queen reine pope pape
    sen senator senateur rep representative spokesman spokeswoman spokesperson porte-parole
    chief chef commander commandant colonel col lieutenant lt captain capitaine sheikh
    cheikh mr mrs ms dr foreign defence defense interior finance affairs deputy vice
    vice-premier ambassador ambassadeur envoy emissaire u.s us uk un eu manager coach m mme mlle
    entraineur head leader director directeur boss ceo energy health justice economy trade
    transport education culture agriculture environment infrastructure security intelligence
    regional acting
    """
)


@dataclass(frozen=True)
class _Speaker:
    name: str
    actor_key: str | None


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


@lru_cache(maxsize=64)  # asked for each quote of a part, and on both sides of it
def _masked(part: str) -> str:
    """Return the folded part with the words inside quotes blanked: they name no speaker.
    A scare quote ("a jugé l'accord « incomplet »") loses its marks too: it is no speech."""
    folded = fold_part(part)
    for match in _QUOTE.finditer(part):
        group = next(name for name in "abcd" if match.group(name) is not None)
        start, end = match.span(group)
        if _is_scare_quote(part, start, end):
            start, end = match.span()
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


def _is_scare_quote(part: str, start: int, end: int) -> bool:
    """Say whether a quote is a few words set in a noun phrase rather than speech."""
    words = _WORD.findall(part[start:end])
    if len(words) < _MIN_WORDS:
        return True
    if len(words) >= _SCARE_MAX_WORDS:
        return False
    before = fold_part(part)[max(0, start - 12) : start].rstrip(' "«“„').split()
    return bool(before) and before[-1] in _SCARE_OPENERS


def _runs(phrase: str) -> list[tuple[int, int]]:
    """Return the runs of capitalised words of a phrase, without titles and nationalities."""
    runs: list[tuple[int, int]] = []
    for match in _NAME_RUN.finditer(phrase):
        words = list(re.finditer(r"\S+", match.group()))
        while words and (
            fold(words[0].group()).strip(".") in _TITLES | _NOT_NAMES
            or _NATIONALITY.search(fold(words[0].group()))
        ):
            words.pop(0)
        if words:
            runs.append((match.start() + words[0].start(), match.start() + words[-1].end()))
    return runs


def _name_in(phrase: str) -> tuple[int, int]:
    """Return the offsets of the name a speaker's description holds, or of the description."""
    runs = _runs(phrase)
    full = [run for run in runs if " " in phrase[run[0] : run[1]]]
    if full:
        return full[-1]
    stripped = phrase.strip(" ,")
    offset = phrase.find(stripped)
    if runs and fold(stripped).split()[-1:] == fold(phrase[runs[-1][0] : runs[-1][1]]).split():
        return runs[-1]
    return offset, offset + len(stripped)


def _subject(part: str, start: int, end: int) -> tuple[int, int]:
    """Pick the subject among comma-separated pieces: the last, unless it is an apposition
    ("Ivan Petrenko, ministre de l'Énergie, a écrit") to a name before it."""
    pieces = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^,]+", part[start:end])]
    pieces = [piece for piece in pieces if part[piece[0] : piece[1]].strip()]
    if not pieces:
        return start, end
    chosen = len(pieces) - 1
    while chosen > 0:
        text = part[pieces[chosen][0] : pieces[chosen][1]].strip()
        previous = part[pieces[chosen - 1][0] : pieces[chosen - 1][1]]
        if text[:1].islower() and _runs(previous):
            chosen -= 1
        else:
            break
    return pieces[chosen]


def _who_span(part: str, start: int, end: int, *, subject: bool) -> tuple[int, int] | None:
    """Trim a speaker's words to the description itself: no circumstances, and for a subject
    before its verb no clause before it."""
    folded = _masked(part)
    if subject:
        # The last clause that holds a subject: in "X called it "..." and said", the verb
        # after "and" has none, and its subject is the one before.
        segment = folded[start:end]
        openings = [m.end() for m in _CLAUSE_START.finditer(segment) if segment[m.end() :].strip()]
        if openings:
            start += openings[-1]
    if subject:
        start, end = _subject(part, start, end)
    stop = _WHO_END.search(folded[start:end])
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
        return _Speaker(actor.name, actor.key)
    name = part[name_start:name_end]
    folded_name = fold(name)
    for actor in actors:
        folded_actor = fold(actor.name)
        if folded_name == folded_actor or (
            " " not in folded_name and folded_actor.split()[-1:] == [folded_name]
        ):
            return _Speaker(actor.name, actor.key)
    return _Speaker(name, None)


def _speaker_after(part: str, end: int) -> tuple[str, int, int] | None:
    """Read the words after a quote; return ("pronoun"|"who", start, end) of the speaker."""
    window = fold_part(part)[end : end + 200]
    following = window.lstrip('"» ”“')
    offset = end + (len(window) - len(following))
    following = following.split("\n")[0]
    for pattern in _AFTER:
        match = pattern.match(following)
        if not match:
            continue
        if "pronoun" in match.groupdict() and match.group("pronoun"):
            return "pronoun", 0, 0
        span = _who_span(
            part, offset + match.start("who"), offset + match.end("who"), subject=False
        )
        if span is None:
            continue
        who = fold_part(part)[span[0] : span[1]].strip()
        if who in _CONJUNCTIONS:
            continue  # '"..." and said': the speaker is the subject before the quote
        if who in _PRONOUNS:
            return "pronoun", 0, 0
        return "who", span[0], span[1]
    return None


def _speaker_before(
    part: str, start: int, sentence_start: int, *, nearest: bool = True
) -> tuple[str, int, int] | None:
    """Read the words before ``start``, back to the sentence start; return the speaker's words.

    Before a quote the verb of saying nearest to it counts; in a sentence without quotes, the
    first one.
    """
    before = _masked(part)[sentence_start:start].rstrip(' "')
    verbs = [verb for verb in _SAYING.finditer(before) if '"' not in before[verb.end() :]]
    if verbs:
        verb = verbs[-1] if nearest else verbs[0]
        span = _who_span(part, sentence_start, sentence_start + verb.start(), subject=True)
    else:
        according = _ACCORDING.search(before)
        if not according:
            return None
        span = _who_span(
            part,
            sentence_start + according.start("who"),
            sentence_start + according.end("who"),
            subject=False,
        )
    if span is None:
        return None
    if fold_part(part)[span[0] : span[1]].strip() in _PRONOUNS:
        return "pronoun", 0, 0
    return "who", span[0], span[1]


def _sentence_start(part: str, offset: int, sentences: list[tuple[int, int]]) -> int:
    """Return where the sentence that holds ``offset`` starts, quotes not splitting it."""
    start = 0
    for begin, _ in sentences:
        if begin > offset:
            break
        start = begin
    return start


def _named_subject(part: str, start: int, end: int) -> tuple[int, int] | None:
    """Return a full name that opens a sentence ("Le maire Pavel Ivanov a salué"):
    the person a following "il" most likely stands for."""
    opening = part[start : min(end, start + 60)]
    runs = [run for run in _runs(opening) if " " in opening[run[0] : run[1]]]
    if not runs:
        return None
    return start + runs[0][0], start + runs[0][1]


def _sentence_speaker(
    index: int, part: str, start: int, end: int, actors: tuple[ActorSuggestion, ...]
) -> _Speaker | None:
    """Return the speaker a sentence without quotes names: the subject of a verb of saying, or
    a full name that opens it."""
    reading = _speaker_before(part, end, start, nearest=False)
    if reading and reading[0] == "who":
        return _resolve(index, part, reading[1], reading[2], actors)
    subject = _named_subject(part, start, end)
    if subject is not None:
        return _resolve(index, part, subject[0], subject[1], actors)
    return None


class _LastSpeaker:
    """The speaker a pronoun stands for: the last one named so far.

    Sentences without quotes name speakers too ("Le président X a déclaré que..."); they are
    read only when a pronoun asks, latest first: most sentences are never read for that.
    """

    def __init__(self, actors: tuple[ActorSuggestion, ...]) -> None:
        self.actors = actors
        self.speaker: _Speaker | None = None
        self.unread: list[tuple[int, str, int, int]] = []  # sentences since, not read yet

    def set(self, speaker: _Speaker) -> None:
        """Record the speaker of a quote."""
        self.speaker = speaker
        self.unread.clear()

    def sentence(self, index: int, part: str, start: int, end: int) -> None:
        """Record a sentence without quotes, to read if a pronoun needs it."""
        self.unread.append((index, part, start, end))

    def get(self) -> _Speaker | None:
        """Return the last speaker named, reading the sentences met since the last quote."""
        while self.unread:
            named = _sentence_speaker(*self.unread.pop(), self.actors)
            if named is not None:
                self.set(named)
        return self.speaker


def _is_heading(part: str, start: int, end: int) -> bool:
    """Say whether a part is nothing but a short quote: a sub-heading set in quotes."""
    return not part[:start].strip(' "«“„') and not part[end:].strip(' "»”“.')


def find_quotes(doc: Document, actors: tuple[ActorSuggestion, ...]) -> tuple[QuoteSuggestion, ...]:
    """Return the direct quotes of a story with their speakers, in reading order."""
    found: list[QuoteSuggestion] = []
    last = _LastSpeaker(actors)
    introducing: _Speaker | None = None  # the speaker of a paragraph that ends with ":"
    for index, part in enumerate(doc.parts):
        if index in doc.headings:
            continue
        quotes = [
            (start, end)
            for start, end in _quotes(part)
            if not _is_scare_quote(part, start, end)
            and not (_is_heading(part, start, end) and len(_WORD.findall(part[start:end])) < 10)
        ]
        sentences = split_sentences(part)
        # Sentences without quotes still name speakers that a later "il a ajouté" refers to.
        events = [(start, end, False) for start, end in quotes] + [
            (start, end, True)
            for start, end in sentences
            if not any(q_start < end and start < q_end for q_start, q_end in quotes)
        ]
        previous_in_part: _Speaker | None = None
        introduced = introducing
        introducing = None
        for start, end, is_sentence in sorted(events):
            if is_sentence:
                last.sentence(index, part, start, end)
                continue
            sentence_start = _sentence_start(part, start - 1, sentences)
            reading = _speaker_after(part, end) or _speaker_before(part, start, sentence_start)
            speaker: _Speaker | None = None
            if reading and reading[0] == "pronoun":
                speaker = last.get()
            elif reading:
                speaker = _resolve(index, part, reading[1], reading[2], actors)
            elif introduced is not None and not part[:start].strip(' "«“„'):
                # A paragraph that is a quote, after one that ends "X a déclaré :".
                speaker = introduced
            else:
                # A quote that goes on after its attribution keeps the speaker.
                speaker = previous_in_part
            if speaker is not None:
                last.set(speaker)
                previous_in_part = speaker
            found.append(
                QuoteSuggestion(
                    text=part[start:end],
                    speaker=speaker.name if speaker else None,
                    actor_key=speaker.actor_key if speaker else None,
                    span=(index, start, end),
                )
            )
        if sentences and part.rstrip().endswith(":"):
            reading = _speaker_before(part, len(part.rstrip()), sentences[-1][0])
            if reading and reading[0] == "who":
                introducing = _resolve(index, part, reading[1], reading[2], actors)
            elif reading:
                introducing = last.get()
    return tuple(found)
