"""Casualty figures of a story: people killed, wounded and missing in the events it reports.

Each number of a sentence that speaks of victims is tied to a kind (killed, wounded, missing)
by the words around it: a verb before it ("tuant 7 personnes", "killing 7"), the end of its noun
phrase after it ("7 personnes ont été tuées", "7 dead"), or a toll it completes ("le bilan
s'élève à 7", "the death toll rose to 7"). Numbers of things (drones, buildings, years, ages,
money) are set aside, and so are:

- figures of a subtotal ("dont huit enfants", "including four children", "14 d'entre eux");
- figures a newer toll replaced ("le précédent bilan était de 12 morts", "up from 9");
- figures in a sentence about the past or a war's running total ("depuis le début de la
  guerre", "in 2022", "the war has killed");
- a belligerent's count of enemy losses ("pertes", "losses", "said it had killed 40 fighters",
  "killed 14 militants"), and bodies handed over in an exchange.

Vague words ("plusieurs", "dozens", "des dizaines") are no numbers; "une dizaine", "a dozen" are.

A range ("entre 10 et 12 morts", "10 to 12 killed") counts as its lower bound, like "at least",
and makes the toll approximate; a toll raised from one figure to another ("passé de 19 à 25")
counts as the higher.

Then the figures are put together. The title and the lede sum up the body, so the title, the
lede and the body (sub-headings included) are counted apart: in each, a figure repeated in
another sentence (same kind, same number, no different place) is one incident, a newer toll
replaces the one before it, a first figure that is the sum of later ones is their total, and
distinct incidents add up. The largest of the three sums wins: a body that details more
incidents than the lede, or a lede that gives a newer or fuller toll than the body. Two
corrections: a lede incident in a place the body never names is added to the body's sum, and
a body incident told apart ("une autre frappe", "separately") to the lede's, unless the lede
already sums several incidents ("dans des frappes sur Gaza", "attacks across Ukraine").

Who gives the figures (``attributed_to``) is the phrase of the first evidence sentence that
names a source: "selon les autorités", "a indiqué le ministère", "Ukrainian officials said".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations, pairwise

from articles.analysis.numbers import Number, find_numbers
from articles.analysis.text import fold, fold_part, split_sentences
from articles.analysis.topics import is_background
from articles.analysis.types import Document, Toll


def _words(text: str) -> frozenset[str]:
    """Return the words of a list written as one string."""
    return frozenset(text.split())


KILLED, WOUNDED, MISSING = "killed", "wounded", "missing"
_KINDS = (KILLED, WOUNDED, MISSING)

# A sentence without any of these stems gives no toll: it is not read further. The lookahead
# holds the first letters of the stems: it changes nothing, yet makes the search quicker.
_VICTIM_STEMS = re.compile(
    r"\b(?=[bcdfhiklmpstvw])(?:tu[aeé]|mort|bless|peri|dece|succomb|vie\b|disparu|cadavre|corps|bilan|"
    r"kill|dead|died|death|die\b|wound|injur|hurt|lives|fatal|bodies|missing|toll|"
    r"tombee?s?\s+au\s+(?:champ|combat|front))"
)


def _by_kind(killed: str, wounded: str, missing: str = "") -> dict[str, str]:
    """Map each word of three lists written as strings to its kind of victim."""
    return {
        word: kind
        for kind, words in ((KILLED, killed), (WOUNDED, wounded), (MISSING, missing))
        for word in words.split()
    }


# Words that end a noun phrase about victims (folded, singular).
_AFTER = _by_kind(
    killed="tue tuee mort morte peri perissent decede decedee deces succombe vie cadavre "
    "killed dead died die death fatalitie fatality live bodie body",
    wounded="blesse blessee wounded injured hurt injurie injury",
    missing="disparu disparue missing",
)
# Verbs that take the victims as their object: "tuant 7 personnes", "killing 7".
_BEFORE_VERBS = _by_kind(
    killed="tuant tue tuer killing killed kill kills",
    wounded="blessant blesse wounding wounded wounds injuring injured injures",
)
# Nouns that a number completes: "la mort de 3 soldats", "the bodies of 3 people".
_BEFORE_NOUNS = _by_kind(
    killed="mort vie lives deaths bodies corps cadavres bilan toll morts tues dead",
    wounded="blesses wounded injured",
    missing="disparus missing",
)
# Words allowed between such a verb or noun and its number.
_FILLERS = _words(
    """
    ' - au moins at least environ about around approximately roughly some pres de d nearly
    almost plus more than over to a an of est passe passee s eleve elevait elevant rose
    risen rises rising climbed climbs climbing grimpe atteint atteignant reached reaching
    stood stands stand is was were has had have now desormais alourdi alourdit alourdissant
    porte porté revu hausse la le les l the des du jusqu up quelque quelques total entre
    between autres other others
    """
)
# A toll given as a subject, far from its number: "the death toll ... rose to 12".
_TOLL_SUBJECT = re.compile(
    r"\b(?:bilan|toll|nombre\s+de\s+(?:morts|tues|victimes|blesses|disparus)|number\s+of\s+"
    r"(?:dead|deaths|people\s+killed|wounded|injured|missing))\b"
)
_TOLL_VERB = re.compile(
    r"(?:\b(?:s'?(?:est\s+)?(?:alourdi|alourdit|eleve|elevait)|passe|grimpe|atteint|monte|"
    r"rose|risen|rises|climbed|climbs|jumped|increased|reached|stands|stood|est\s+de|is|was|"
    r"now)\s+(?:desormais\s+|now\s+)?(?:a|au|to|at|de)?\s*|\b(?:a|at|to)\s+)$"
)
_TOLL_KIND = (
    (re.compile(r"\b(?:blesses|wounded|injured)\b"), WOUNDED),
    (re.compile(r"\b(?:disparus|missing)\b"), MISSING),
)

_PEOPLE = _words(
    """
    personne gen civil habitant soldat militaire enfant femme homme adolescent garcon fille
    bebe policier pompier secouriste journaliste combattant membre passager ouvrier
    travailleur employe agriculteur pecheur patient medecin infirmier infirmiere eleve
    etudiant resident mineur victime villageois manifestant fidele pelerin refugie deplace
    detenu prisonnier person people civilian resident soldier troop child children woman
    women man men boy girl baby infant teenager officer policeman firefighter rescuer
    journalist worker member passenger fighter militant patient doctor nurse student pupil
    farmer villager protester worshipper refugee miner victim serviceman servicemen staff
    guard enseignant professeur instituteur chauffeur conducteur agent garde gardien
    commercant vendeur pilote marin pretre imam fonctionnaire secouriste humanitaire
    benevole volontaire casque touriste spectateur supporter sportif teacher driver
    guard shopkeeper vendor pilot sailor seafarer crew priest imam official aid volunteer
    peacekeeper tourist bystander pedestrian motorist shepherd fisherman husband wife son
    daughter mother father brother sister mari epouse fils mere pere frere soeur
    """
)
# Numbers of things: a number followed by one of these is no toll.
_THINGS = _words(
    """
    drone missile roquette obus bombe frappe attaque raid tir projectile avion helicoptere
    char blinde vehicule batiment immeuble maison logement ecole hopital village localite
    ville region etage km kilometre metre heure h minute seconde jour semaine moi mois an
    annee fois point dollar euro hryvnia rouble livre shekel million milliard tonne litre
    baril navire bateau port pays etat cas site position pourcent centaine dizaine millier
    reprise drone rocket shell bomb strike attack plane aircraft jet helicopter tank vehicle
    building house home school hospital town city area floor storey story mile meter hour
    minute second day week month year time percent pound barrel vessel ship boat country
    state case point district launcher system round package
    """
)
_PERSON_OR_VICTIM = _PEOPLE | frozenset(_AFTER)
_JOINING = _words("d ' - de of")
# Words around a number that make it a part of a toll given elsewhere.
_SUBTOTAL_BEFORE = _words(
    """
    dont parmi notamment including among incluant y compris whom
    """
)
_SUBTOTAL_AFTER = re.compile(
    r"^\s*(?:d'entre\s+(?:eux|elles)|of\s+(?:them|those|whom|the\s+(?:dead|victims|wounded|"
    r"injured|killed))|parmi\s+(?:eux|elles|les\s+(?:morts|victimes|blesses|tues)))\b"
)
# "A child was among the dead", "deux employés figuraient parmi les victimes".
_AMONG_AFTER = re.compile(
    r"^(?:\s+[\w'-]+){0,3}?\s+(?:was|were|is|are|figur\w*|sont|est|etaient|etait)\s+"
    r"(?:among|parmi)\b"
)
_APPROXIMATE_BEFORE = re.compile(
    r"(?:\bau\s+moins|\bat\s+least|\benviron|\babout|\baround|\bapproximately|\broughly|"
    r"\bsome|\bpres\s+d[e']|\bnearly|\balmost|\bplus\s+d[e']|\bmore\s+than|\bover|"
    r"\bquelque|\bjusqu'?\s*a|\bup\s+to|~)\s*$"
)
_OLD_TOLL = re.compile(
    r"\b(?:precedent\s+bilan|bilan\s+precedent|bilan\s+initial|previous\s+(?:death\s+)?toll|"
    r"earlier\s+(?:death\s+)?toll|initial\s+(?:death\s+)?toll|previously\s+reported|"
    r"reported\s+earlier|initialement|initially)\b"
)
_OLD_BEFORE = re.compile(r"\b(?:contre|from|up\s+from|down\s+from)\s*$")
_UPDATE = re.compile(
    r"\b(?:bilan|toll|nombre\s+de\s+\w+|number\s+of\s+\w+)\b[^.]{0,60}?\b(?:alourdi|alourdit|"
    r"passe|grimpe|revu|monte|augmente|rose|risen|rises|climbed|climbs|jumped|increased|grew)\b"
    r"|\b(?:nouveau|dernier)\s+bilan\b|\b(?:new|latest|updated|revised)\s+(?:death\s+)?toll\b"
)
# Bodies handed over in an exchange are a war's dead, not an incident's toll.
_EXCHANGE = re.compile(
    r"\b(?:echange|exchange|rapatri|repatri|restitu|remis|handed\s+over|returned)\w*\b"
    r"[^.]*\b(?:corps|depouilles|bodies|remains)\b|\b(?:corps|depouilles|bodies|remains)\b"
    r"[^.]*\b(?:echange|exchange|rapatri|repatri|restitu|remis|handed\s+over|returned)\w*"
)
# A count of the enemy's losses, or a claim to have killed enemy fighters.
_LOSSES = re.compile(
    r"\b(?:pertes|losses|lost(?!\s+(?:their|his|her)\s+li)|perdu(?!\s+la\s+vie)|elimin|"
    r"neutralis|liquid|mis\s+hors\s+de\s+combat)"
)
_CLAIMED_KILLS = re.compile(
    r"\b(?:affirm\w*|assur\w*|revendiqu\w*|dit|disent|declar\w*|indiqu\w*|annonc\w*|"
    r"claim\w*|said|says|say)(?:\s+[\w-]+){0,3}?\s+(?:avoir|qu'(?:il|elle|ils|elles)\s+"
    r"(?:a|ont|avai\w+)|(?:that\s+)?(?:it|they)(?:\s+had|\s+has|\s+have)?|to\s+have|having)\s+"
    r"(?:tue|killed|elimine|neutralise|abattu|liquide)"
)
# Militants "killed" are always one side's count of the other's losses.
_ENEMY_KILLED = re.compile(
    r"\b(?:killed|killing|tue|tues|tuant|abattu|abattus)\s+(?:at\s+least\s+|au\s+moins\s+)?"
    r"(?:\d[\d ,.]*|\w+)\s+(?:\w+\s+)?(?:militants|terrorists|insurgents|jihadists|"
    r"terroristes|jihadistes|djihadistes|insurges)\b"
    r"|\b(?:\d[\d ,.]*|\w+)\s+(?:\w+\s+)?(?:militants|terrorists|insurgents|jihadists|"
    r"terroristes|jihadistes|djihadistes|insurges)\s+(?:were\s+|ont\s+ete\s+)?"
    r"(?:killed|tues|abattus|elimines|neutralises)\b"
)
# "tombés au combat", "tombé au champ d'honneur": soldiers killed (folded words, spaced).
_FALLEN = re.compile(r"^au (?:champ d ' honneur|combat|front)\b")
_AMBIGUOUS = re.compile(
    r"^\s*(?:ou|or|et/ou|and/or)\s+(?:\w+\s+)?\w*(?:bless|wound|injur|tu|kill|mort|dead)"
)
_CLAUSE_OPENERS = _words(
    """
    dont including among notamment parmi selon according pour mostly most surtout
    """
)
_DEGREE = _words(
    """
    grievement legerement gravement mortellement seriously critically badly slightly lightly
    fatally
    """
)
_STOPS = _words(
    """
    lorsque quand apres avant pendant when after before during while where
    """
)
# After "et 3", one of these shows an elided noun: "7 tués à Odessa et 3 à Kharkiv".
_ELLIPSIS_NEXT = _words(
    """
    a au aux dans en in near at on
    """
)
# "deux soldats ukrainiens", "two Lebanese soldiers": a nationality between number and noun.
_PEOPLE_ADJECTIVE = re.compile(
    r"(?:ien|ienne|ian|ean|ese|ais|aise|ois|oise|ain|aine|ish|ani|eli|aqi)s?$"
)
# "in Russian shelling": an adjective of nationality, not a place.
_NATIONALITY = re.compile(r"^\w+(?:ian|ean|ese|ish|ani|eli|aqi)$")
_NOT_PLACES = _words(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday
    friday saturday sunday janvier fevrier mars avril mai juin juillet aout septembre
    octobre novembre decembre january february march april may june july august september
    october november december telegram x facebook
    """
)

_PLACE = re.compile(
    r"\b(?i:à|au|aux|dans|près\s+de|pres\s+de|sur|en|in|near|at|on|outside|of|de|d')\s*"
    r"(?i:(?:la|le|les|l'|the)\s*)?"
    r"(?i:(?:ville|région|region|province|village|city|town|district|quartier|port)\s+"
    r"(?:de\s+|d'|of\s+)?)?"
    r"([A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)*)"
)
_ATTRIBUTION = (
    re.compile(r"\b(?:selon|d'après|d’après)\s+[^,.;:«»\"“”]{3,70}", re.IGNORECASE),
    re.compile(r"\baccording\s+to\s+[^,.;:\"“”]{3,70}", re.IGNORECASE),
    re.compile(
        r",\s*(?:a|ont)\s+(?:indiqué|déclaré|annoncé|affirmé|précisé|rapporté|fait\s+savoir|"
        r"écrit|ajouté)\s+[^,.;:«»\"“”]{3,70}"
    ),
    re.compile(
        r"(?:^|,\s*)((?:[A-ZÀ-Ý]|les?\s|la\s|l'|des\s)[^,.;:«»\"“”]{2,70}?)\s+(?:a|ont)\s+"
        r"(?:indiqué|déclaré|annoncé|affirmé|précisé|rapporté|fait\s+savoir|écrit)"
    ),
    re.compile(
        r"(?:^|,\s*)((?:[A-Z]|the\s)[^,.;:\"“”]{2,70}?)\s+(?:said|says|told|reported|announced"
        r"|stated|wrote)\b"
    ),
    re.compile(
        r",\s*((?:[A-Z]|the\s)[^,.;:\"“”]{2,70}?)\s+(?:said|says|reported|added)\b",
    ),
)

# A sentence that tells of an incident apart from the one the lede sums up.
_ANOTHER_INCIDENT = re.compile(
    r"\b(?:une?\s+autre\s+(?:frappe|attaque|explosion|bombardement|tir|drone|missile)|"
    r"par\s+ailleurs|ailleurs|separement|separately|elsewhere|meanwhile|in\s+a\s+separate|"
    r"another\s+(?:strike|attack|blast|explosion|drone|missile|shelling)|dans\s+une\s+autre|"
    r"earlier\s+(?:on\s+\w+day|in\s+the\s+day|that\s+day)|plus\s+tot\s+dans\s+la\s+journee|"
    r"la\s+veille|the\s+day\s+before|a\s+day\s+earlier)\b"
)
# A lede sentence that sums several incidents: "dans des frappes sur la bande de Gaza",
# "attacks across southern Ukraine".
_SEVERAL_INCIDENTS = re.compile(
    r"\b(?:frappes|attaques|bombardements|attentats|strikes|attacks|bombings|raids|across|"
    r"a\s+travers|plusieurs|several)\b"
)
_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
# "A woman died and another was hurt", "a third was wounded": one more victim.
_ANOTHER = re.compile(
    r"\b(?:another|an?\s+(?:second|third|fourth|fifth)|une?\s+(?:deuxieme|second|seconde|"
    r"troisieme|quatrieme|cinquieme))\b(?!\s+\d)"
)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    number: Number | None = None


_TITLE, _LEDE, _BODY = 0, 1, 2


@dataclass(frozen=True)
class _Figure:
    kind: str
    value: int
    is_approximate: bool
    side: int  # _TITLE, _LEDE or _BODY (sub-headings included)
    sentence: int  # order of the sentence in the story
    section: int | None
    places: frozenset[str]
    evidence: str
    attributed_to: str | None
    is_update: bool
    is_apart: bool  # told as an incident apart ("une autre frappe", "separately")
    is_sum: bool  # told as the sum of several incidents ("in strikes across Gaza")


def _base(word: str) -> str:
    """Return a word without its plural ending."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def _tokens(folded: str, numbers: list[Number]) -> list[_Token]:
    """Cut a folded sentence into words and marks, each number as one token."""
    tokens: list[_Token] = []
    numbers_by_start = {number.start: number for number in numbers}
    skip_until = -1
    for match in _TOKEN.finditer(folded):
        if match.start() < skip_until:
            continue
        number = numbers_by_start.get(match.start())
        if number is not None:
            tokens.append(
                _Token(folded[number.start : number.end], number.start, number.end, number)
            )
            skip_until = number.end
        else:
            tokens.append(_Token(match.group(), match.start(), match.end()))
    return tokens


def _is_age(tokens: list[_Token], index: int) -> bool:
    """Say whether the number at ``index`` is an age, a year or a time of day."""
    number = tokens[index].number
    if number is None:
        return False
    after = tokens[index + 1].text if index + 1 < len(tokens) else ""
    before = tokens[index - 1].text if index else ""
    if after in ("ans", "an") or before in ("age", "agee", "ages", "agees", "aged"):
        return True
    if after == "-" and index + 2 < len(tokens) and tokens[index + 2].text == "year":
        return True
    is_year = 1900 <= number.value <= 2100 and number.upper is None
    return is_year and len(tokens[index].text) == 4 and _base(after) not in _PERSON_OR_VICTIM


def _kind_after(tokens: list[_Token], index: int) -> str | None:
    """Return the kind of the victim word that ends the number's noun phrase, if any."""
    position = index + 1
    steps = 0
    while position < len(tokens) and steps < 8:
        token = tokens[position]
        if token.number is not None and not _is_age(tokens, position):
            return None
        word = token.text
        if word == ",":
            following = tokens[position + 1].text if position + 1 < len(tokens) else ""
            # "une femme, grièvement blessée, ...": a victim word set between commas.
            apposition = [t.text for t in tokens[position + 1 : position + 3]]
            for candidate in apposition:
                kind = _AFTER.get(candidate) or _AFTER.get(_base(candidate))
                if kind is not None:
                    return kind
                if candidate not in _DEGREE:
                    break
            # Inserted clauses are stepped over: "21 civils, dont 8 enfants, ont été tués",
            # "une passante, âgée de 23 ans, a été blessée", "John Smith, 45, was killed".
            next_token = tokens[position + 1] if position + 1 < len(tokens) else None
            is_age = next_token is not None and (
                next_token.number is not None or _in_age(tokens, position + 1)
            )
            if following not in _CLAUSE_OPENERS and not is_age:
                return None
            position += 1
            while position < len(tokens) and tokens[position].text not in (",", ";", ":"):
                position += 1
            if position < len(tokens) and tokens[position].text != ",":
                return None
            position += 1
            continue
        if word in (";", ":", "(", ")", "?", "!") or word in _STOPS:
            return None
        rest = " ".join(t.text for t in tokens[position + 1 : position + 6])
        if _base(word) in ("tombe", "tombee") and _FALLEN.match(rest):
            return KILLED
        kind = _AFTER.get(word) or _AFTER.get(_base(word))
        if kind is not None:
            rest = " ".join(t.text for t in tokens[position + 1 : position + 4])
            if _AMBIGUOUS.match(rest):
                return None
            return kind
        position += 1
        steps += 1
    return None


def _kind_before(tokens: list[_Token], index: int) -> tuple[str | None, bool]:
    """Find a verb or noun of victims just before the number; say whether it is a verb."""
    position = index - 1
    while position >= 0 and tokens[position].text in _FILLERS:
        position -= 1
    if position < 0:
        return None, False
    word = tokens[position].text
    if word in _BEFORE_VERBS:
        return _BEFORE_VERBS[word], True
    if word in _BEFORE_NOUNS:
        return _BEFORE_NOUNS[word], False
    return None, False


def _kind_of_toll(folded: str, tokens: list[_Token], index: int) -> str | None:
    """Read "le bilan s'est alourdi à 25", "the death toll rose to 12" as a toll's number."""
    before = folded[: tokens[index].start]
    subjects = _TOLL_SUBJECT.findall(before)
    if not subjects or not _TOLL_VERB.search(before[-40:]):
        return None
    for pattern, kind in _TOLL_KIND:
        if pattern.search(subjects[-1]):
            return kind
    return KILLED


def _is_counted_noun(tokens: list[_Token], index: int) -> bool:
    """Say whether what follows the number may be people, not things."""
    seen = 0
    for position in range(index + 1, min(index + 6, len(tokens))):
        token = tokens[position]
        word = _base(token.text)
        if token.text in _JOINING or token.number is not None or _in_age(tokens, position):
            continue
        if token.text in _PEOPLE or word in _PEOPLE:
            return True
        if token.text in _THINGS or word in _THINGS:
            return False
        seen += 1
        if seen == 2:
            break
    return True


def _in_age(tokens: list[_Token], position: int) -> bool:
    """Say whether a word belongs to an age: "45-year-old", "âgé de 19 ans", "aged 19"."""
    word = tokens[position].text
    before = [token.text for token in tokens[max(0, position - 2) : position]]
    if word in ("year", "old") and "-" in before:
        return True
    return word in ("ans", "age", "agee", "aged") or (
        word == "years" and bool(before) and before[-1].isdigit()
    )


def _names_people(tokens: list[_Token], index: int) -> bool:
    """Say whether "un", "une", "one", "a" or "another" is followed by a person or a victim."""
    if index + 1 < len(tokens) and tokens[index + 1].text in ("autre", "other"):
        return True
    for token in tokens[index + 1 : index + 7]:
        word = _base(token.text)
        if token.text in _PEOPLE or word in _PEOPLE:
            return True
        if token.text in _AFTER or word in _AFTER:
            return True
        if (
            token.number is None
            and token.text not in _BEFORE_PERSON
            and not _PEOPLE_ADJECTIVE.search(token.text)
        ):
            return False
    return False


def _is_subtotal(folded: str, tokens: list[_Token], index: int) -> bool:
    """Say whether the number is a part of a toll given beside it."""
    before = [token.text for token in tokens[max(0, index - 4) : index]]
    if before[-2:] in (["parmi", "les"], ["among", "the"], ["of", "the"]):
        return False
    for word in reversed(before):
        if word in _BEFORE_VERBS:
            break
        if word in _SUBTOTAL_BEFORE:
            return True
    after = folded[tokens[index].end :]
    return bool(_SUBTOTAL_AFTER.match(after) or _AMONG_AFTER.match(after))


def _elided(tokens: list[_Token], index: int) -> bool:
    """Say whether a number after "et" or "and" stands for victims of an elided noun."""
    before = tokens[index - 1].text if index else ""
    after = tokens[index + 1].text if index + 1 < len(tokens) else "."
    return before in ("et", "and", ",") and (after in _ELLIPSIS_NEXT or after in ".;")


# Words between "un", "a" and the person it counts: "a 45-year-old man", "one of its soldiers",
# "another was seriously injured".
_BEFORE_PERSON = _words(
    """
    jeune young elderly old autre other - year aged of de des d ' its their his her the ses
    leurs son sa was were been ete a has had seriously critically badly slightly lightly
    gravement grievement legerement also aussi
    """
)
_PARTITIVE = _words(
    """
    et and , of its their our his her de d ' ses leurs nos son sa as well ainsi que other
    others autres
    """
)
# Words that join two numbers of one list: "2 soldats et 3 civils", "4 others as well as 9".
_LIST_JOINERS = frozenset({"et", "and", ",", "as", "que"})


def _coordinated(tokens: list[_Token], first: int, second: int) -> bool:
    """Say whether two numbers are joined as one list of victims ("2 soldats et 3 civils")."""
    between = tokens[first + 1 : second]
    if not between or between[-1].text not in _LIST_JOINERS:
        return False
    return all(
        token.text in _PEOPLE
        or _base(token.text) in _PEOPLE
        or token.text in _PARTITIVE
        or _PEOPLE_ADJECTIVE.search(token.text)
        for token in between
    )


@dataclass(frozen=True)
class _Reading:
    kind: str
    number: Number
    is_approximate: bool


def _may_count_people(tokens: list[_Token], index: int, number: Number) -> bool:
    """Say whether a number may count people: not an age, a year, nor a count of things."""
    if _is_age(tokens, index) or number.value == 0:
        return False
    if number.is_article:
        previous = tokens[index - 1].text if index else ""
        return previous not in ("no", "not", "aucun", "aucune") and _names_people(tokens, index)
    return _is_counted_noun(tokens, index)


def _kind(folded: str, tokens: list[_Token], index: int) -> str | None:
    """Return the kind of victims a number counts: a verb before it first ("tuant 3"), then
    the end of its noun phrase ("3 personnes ont été tuées"), then a toll it completes."""
    kind_before, is_verb = _kind_before(tokens, index)
    if is_verb:
        return kind_before
    return _kind_after(tokens, index) or kind_before or _kind_of_toll(folded, tokens, index)


def _read_sentence(sentence: str, language: str, folded: str) -> list[_Reading]:
    """Return the casualty numbers of one sentence (``folded``: the sentence already folded)
    with their kind."""
    if not _VICTIM_STEMS.search(folded) or is_background(folded):
        return []
    if _EXCHANGE.search(folded):
        return []
    claims = _claim_spans(folded)
    numbers = find_numbers(folded, sentence, language) + [
        Number(match.start(), match.end(), 1, is_article=True)
        for match in _ANOTHER.finditer(folded)
    ]
    numbers.sort(key=lambda number: number.start)
    if not numbers:
        return []
    tokens = _tokens(folded, numbers)
    counts = {
        index: token.number
        for index, token in enumerate(tokens)
        if token.number is not None and _may_count_people(tokens, index, token.number)
    }
    kinds = {index: _kind(folded, tokens, index) for index in counts}
    # "quatre policiers et deux habitants ont péri": the list shares its kind.
    for first, second in pairwise(counts):
        if _coordinated(tokens, first, second):
            kinds[first] = kinds[first] or kinds[second]
            kinds[second] = kinds[second] or kinds[first]
        elif kinds[second] is None and _elided(tokens, second):
            kinds[second] = kinds[first]
    readings: list[_Reading] = []
    old_marker = _OLD_TOLL.search(folded)
    is_update = bool(_UPDATE.search(folded))
    for index, number in counts.items():
        kind = kinds[index]
        if kind is None or _is_subtotal(folded, tokens, index):
            continue
        if _in_losses_clause(folded, number.start):
            continue
        if any(start <= number.start < end for start, end in claims):
            continue  # one side's claim of the enemy's dead, beside the toll of its own
        before = folded[max(0, number.start - 25) : number.start]
        if (old_marker and old_marker.start() < number.start) or (
            number.upper is None and _OLD_BEFORE.search(before)
        ):
            continue  # a figure that a newer toll replaced
        approximate = number.is_approximate or bool(_APPROXIMATE_BEFORE.search(before))
        if is_update and number.upper is not None:
            number = Number(number.start, number.end, number.upper)
            approximate = False
        readings.append(_Reading(kind, number, approximate))
    return readings


def _claim_spans(folded: str) -> list[tuple[int, int]]:
    """Return the spans of a sentence that claim enemy dead: "the army said it killed 40
    fighters" to the end of its clause, "30 terroristes ont été neutralisés" as matched."""
    spans = [match.span() for match in _ENEMY_KILLED.finditer(folded)]
    for match in _CLAIMED_KILLS.finditer(folded):
        ends = [found for mark in ",;:" if (found := folded.find(mark, match.end())) >= 0]
        spans.append((match.start(), min(ends, default=len(folded))))
    return spans


def _in_losses_clause(folded: str, offset: int) -> bool:
    """Say whether the clause around an offset counts an enemy's losses."""
    starts = [folded.rfind(mark, 0, offset) for mark in (",", ";", ":")]
    start = max(starts) + 1
    ends = [position for mark in (",", ";", ":") if (position := folded.find(mark, offset)) >= 0]
    end = min(ends) if ends else len(folded)
    return bool(_LOSSES.search(folded, start, end))


def _places(sentence: str) -> frozenset[str]:
    """Return the capitalised names that follow a preposition of place."""
    names = (fold(match.group(1)) for match in _PLACE.finditer(sentence))
    return frozenset(
        name for name in names if name not in _NOT_PLACES and not _NATIONALITY.search(name)
    )


def _attribution(sentence: str) -> str | None:
    """Return who gives the figures of a sentence, as the sentence words it."""
    for pattern in _ATTRIBUTION:
        match = pattern.search(sentence)
        if match:
            return match.group(0).strip(" ,")
    return None


def _figures(doc: Document) -> list[_Figure]:
    """Read every casualty figure of the story, in the order of its sentences."""
    figures: list[_Figure] = []
    order = 0
    section: int | None = None
    for part_index, part in enumerate(doc.parts):
        if part_index in doc.headings:
            section = part_index
        side = min(part_index, _BODY)
        folded_part = fold_part(part)
        # A sentence without a stem of victims gives no toll: stems are looked for once a part.
        victims = [match.start() for match in _VICTIM_STEMS.finditer(folded_part)]
        for start, end in split_sentences(part):
            order += 1
            if not any(start <= offset < end for offset in victims):
                continue
            sentence = part[start:end]
            folded = folded_part[start:end]
            readings = _read_sentence(sentence, doc.language, folded)
            if not readings:
                continue
            places = _places(sentence)
            attributed_to = _attribution(sentence)
            is_update = bool(_UPDATE.search(folded))
            is_apart = bool(_ANOTHER_INCIDENT.search(folded))
            is_sum = bool(_SEVERAL_INCIDENTS.search(folded))
            figures.extend(
                _Figure(
                    kind=reading.kind,
                    value=reading.number.value,
                    is_approximate=reading.is_approximate,
                    side=side,
                    sentence=order,
                    section=section,
                    places=places,
                    evidence=sentence,
                    attributed_to=attributed_to,
                    is_update=is_update,
                    is_apart=is_apart,
                    is_sum=is_sum,
                )
                for reading in readings
            )
    return figures


def _same_incident(first: _Figure, second: _Figure) -> bool:
    """Say whether two figures may tell of the same incident: no two different places."""
    return not (first.places and second.places and not first.places & second.places)


def _incidents(figures: list[_Figure]) -> list[list[_Figure]]:
    """Group the figures of one kind and one side into incidents, newer tolls replacing older."""
    incidents: list[list[_Figure]] = []
    for figure in figures:
        if figure.is_update:
            earlier = [
                incident
                for incident in incidents
                if incident[-1].section == figure.section and _same_incident(incident[-1], figure)
            ]
            if earlier:
                incidents.remove(earlier[-1])
        for incident in incidents:
            if (
                incident[0].value == figure.value
                and all(other.sentence != figure.sentence for other in incident)
                and all(_same_incident(other, figure) for other in incident)
            ):
                incident.append(figure)
                break
        else:
            incidents.append([figure])
    return _without_total(incidents)


def _sums(values: list[int]) -> set[int]:
    """Return every sum of two or more of the values (none when there are too many)."""
    if len(values) > 12:
        return set()
    return {
        sum(group) for size in range(2, len(values) + 1) for group in combinations(values, size)
    }


def _without_total(incidents: list[list[_Figure]]) -> list[list[_Figure]]:
    """Drop a first figure that adds up two or more later ones: they are its details."""
    if len(incidents) < 3:
        return incidents
    first, *others = incidents
    if first[0].value in _sums([incident[0].value for incident in others]):
        return others
    return incidents


def _is_other_incident(incident: list[_Figure], body: list[list[_Figure]]) -> bool:
    """Say whether a lede figure tells of an incident the body does not report.

    It must name a place that no body figure names, match no body figure or sum of them, and
    be no larger than the body's total, which a lede total of the same events would exceed.
    """
    values = [other[0].value for other in body]
    value = incident[0].value
    places = frozenset().union(*(figure.places for figure in incident))
    return bool(
        body
        and places
        and value not in values
        and value not in _sums(values)
        and value <= sum(values)
        and all(figure.places and not figure.places & places for other in body for figure in other)
    )


@dataclass(frozen=True)
class _Count:
    value: int | None
    figures: tuple[_Figure, ...]


def _count(figures: list[_Figure]) -> _Count:
    """Count one kind: the largest of the title's, the lede's and the body's sums.

    The body's sum takes in the lede's incidents that the body leaves out. Unless the lede
    sums several incidents, its own sum takes in the body's incidents told apart ("une autre
    frappe", "separately", "earlier on Friday") that it leaves out.
    """
    sides = {
        side: _incidents([figure for figure in figures if figure.side == side])
        for side in (_BODY, _LEDE, _TITLE)
    }
    body, lede = sides[_BODY], sides[_LEDE]
    sides[_BODY] = body + [incident for incident in lede if _is_other_incident(incident, body)]
    if lede and not any(figure.is_sum for incident in lede for figure in incident):
        values = [incident[0].value for incident in body]
        if _total(lede) not in _sums(values):
            sides[_LEDE] = lede + [incident for incident in body if _is_left_out_of(incident, lede)]
    totals = {side: _total(incidents) for side, incidents in sides.items() if incidents}
    if not totals:
        return _Count(None, ())
    best = max(totals.values())
    # Sides that agree all vouch for the figure: their sentences are evidence.
    used = tuple(
        figure
        for side, total in totals.items()
        if total == best
        for incident in sides[side]
        for figure in incident
    )
    return _Count(best, used)


def _is_left_out_of(incident: list[_Figure], lede: list[list[_Figure]]) -> bool:
    """Say whether a body incident, told apart, is one that the lede does not tell of."""
    figure = incident[0]
    return figure.is_apart and all(other[0].value != figure.value for other in lede)


def _total(incidents: list[list[_Figure]]) -> int:
    """Add up incidents, each counted once."""
    return sum(incident[0].value for incident in incidents)


def find_toll(doc: Document) -> Toll:
    """Return the people killed, wounded and missing in the events the story reports."""
    figures = _figures(doc)
    counts = {kind: _count([f for f in figures if f.kind == kind]) for kind in _KINDS}
    used = sorted(
        {figure for count in counts.values() for figure in count.figures},
        key=lambda figure: figure.sentence,
    )
    evidence = tuple(dict.fromkeys(figure.evidence for figure in used))
    attributed_to = next((figure.attributed_to for figure in used if figure.attributed_to), None)
    return Toll(
        killed=counts[KILLED].value,
        wounded=counts[WOUNDED].value,
        missing=counts[MISSING].value,
        is_approximate=any(figure.is_approximate for figure in used),
        evidence=evidence,
        attributed_to=attributed_to,
    )
