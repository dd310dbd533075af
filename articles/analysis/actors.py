"""Actors of a story: known actors found by name and alias, unknown ones proposed from NER.

Known actors are found with one Aho-Corasick automaton per vocabulary over folded text, so
case, accents, elision ("l'OTAN") and hyphen variants do not matter. An actor is suggested only
when it plays a role: it speaks, acts, or is named as a party or target. Media used as
sources, organisations that only appear in someone's title, descriptive phrases ("armée
ukrainienne") that neither speak nor act, and names met only in background sentences are left
out. Unknown people and organisations come from the model's entities, repaired with the
registry, the context and the shape of the name, and need a role of their own.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from articles.analysis.countries import get_gazetteer
from articles.analysis.nlp import Entity
from articles.analysis.text import (
    ELISION,
    NAME_PARTICLES,
    PhraseMatcher,
    alternation,
    fold,
    fold_part,
    is_name_particle,
    iter_parts,
    match_key,
    match_key_folded,
    match_key_part,
    split_sentences,
    word_set,
)
from articles.analysis.types import ActorSuggestion, Document, KnownActor, Span, Vocabulary

FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"

MIN_ACTOR_SCORE = 1.0
LEAD_WEIGHT = 1.5  # a mention in the title or lede
BODY_WEIGHT = 1.0
BACKGROUND_WEIGHT = 0.3
ROLE_BONUS = 0.5

# Countries whose people's names put the family name first ("Xi Jinping").
_FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KP", "KR", "JP", "VN", "KH", "MM", "HU"})

# Words of a title: an alias with one of them names a position ("président russe").
_TITLE_WORDS = word_set(
    """
    president presidente premier ministre secretaire chef cheffe guide porte parole roi reine
    prince emir pape patron patronne haut haute directeur directrice chancelier procureur
    president's president minister secretary chief leader king queen emir pope envoy
    spokesman spokeswoman spokesperson chancellor prosecutor head director emissaire envoye
    manager coach entraineur captain capitaine regional deputy acting adjoint interim vice
    senior former ancien ancienne governor gouverneur mayor maire commander commandant
    general colonel lieutenant sergeant sergent officer officier judge juge lawyer avocat
    striker defender midfielder goalkeeper winger substitute attaquant defenseur gardien
    ailier buteur remplacant selectionneur entraineuse
    gov sen rep gen lt col maj sgt capt adm cmdr supt
    """
)
# First words of descriptive aliases of institutions ("ministère russe de la Défense").
_GENERIC_HEADS = word_set(
    """
    armee armees forces troupes soldats etat ministere diplomatie presidence services service
    marine aviation flotte bureau gouvernement administration parlement renseignement defense
    comite conseil army military troops navy air armed defence defense foreign
    ministry government presidential intelligence parliament general
    """
)
# Capitalised words that are not names: titles, days, months, sentence openers.
_NOT_NAMES = word_set(
    """
    president presidente ministre premier secretaire general generale chef gouverneur maire
    porte-parole directeur commandant colonel capitaine lieutenant sergent monsieur madame
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin
    juillet aout septembre octobre novembre decembre monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december cependant toutefois ainsi selon mais alors pourtant enfin depuis apres
    avant dans pour par sur sous avec sans entre vers chez lors pendant le la les un une des
    du de l d ce cette ces il elle ils elles nous vous on the a an this that these those he
    she they we it but and or however meanwhile mr mrs ms dr sir lord m mme mlle state etat etats
    dernieres actualites derniere breaking news update live
    president minister secretary governor mayor spokesman spokeswoman commander prime
    """
)
# Titles of people who speak for an institution: in "selon le porte-parole de l'armée, le
# général X", X is the source.
_SPOKESPERSON_TITLE_WORDS = (
    r"porte-parole|porte parole|spokesman|spokeswoman|spokesperson|chef|head|directeur|"
    r"directrice|director|ministre|minister|gouverneur|governor|maire|mayor|president|"
    r"presidente|commandant|commander"
)
# Words after which a capitalised name is a person ("gouverneur Oleh Kiper").
_PERSON_TITLE_WORDS = (
    _SPOKESPERSON_TITLE_WORDS
    + r"|secretaire|cheffe|gouverneure|general|colonel|capitaine|depute|deputee|senateur|"
    r"senatrice|ambassadeur|ambassadrice|conseiller|conseillere|negociateur|envoye|emissaire|"
    r"responsable|dirigeant|juge|procureur|patron|patronne|secretary|chief|captain|lawmaker|"
    r"senator|ambassador|adviser|advisor|negotiator|envoy|official|leader|judge|prosecutor|"
    r"m\.|mme|mr|mrs|ms|dr"
)
# Positions of players and coaches, which name people as titles do.
_SPORT_TITLE_WORDS = (
    "entraineur entraineuse selectionneur attaquant defenseur milieu gardien capitaine "
    "ailier buteur joueur joueuse coach manager striker defender midfielder goalkeeper "
    "winger forward player"
)
_ANY_PERSON_TITLE = alternation([*_PERSON_TITLE_WORDS.split("|"), *_SPORT_TITLE_WORDS.split()])
_PERSON_TITLES = re.compile(_ANY_PERSON_TITLE + r"\.?,?\s+(?:[\w'-]+,?\s+){0,3}$")
# "Iranian-backed", "Hamas-run": a name qualified by who controls it is not a place.
_CONTROLLED_BY = re.compile(r"\w-(?:held|led|run|backed|controlled|linked|based|aligned|allied)\b")
_ARTICLES = re.compile(r"\b(?:le|la|les|l'|the|a|an|its|son|sa)\s*")
# Nouns that describe an organisation as part of another ("l'organisme du ministère").
_BODY_WORDS = word_set(
    "organisme organe agence branche bras unite service filiale division departement "
    "agency body unit branch arm wing subsidiary division department"
)
_DESCRIPTION_WORDS = _TITLE_WORDS | _BODY_WORDS
# Words of places and buildings: a name with one of them is a place, not an actor.
_FACILITY_WORDS = word_set(
    """
    hopital hospital ecole school clinique clinic mosquee mosque eglise church camp camps
    stade stadium aeroport airport gare station port centrale plant raffinerie refinery
    pont bridge rue street avenue boulevard place square quartier district village ville
    city region oblast province gouvernorat governorate mer sea ocean golfe gulf lac lake
    fleuve river mont mount montagne ile island plateforme platform terminal base usine
    factory marche market palais palace tour tower hotel universite university prison
    """
)
# Words of competitions and events: "European Championship" is no actor.
_EVENT_WORDS = word_set(
    """
    championship championships championnat cup coupe tournament tournoi final finale
    olympics olympiques games jeux prix
    """
)
# Organisation words that make an unknown name an organisation rather than a person.
_ORG_WORDS = word_set(
    """
    ministere conseil agence forces armee parti societe groupe banque union organisation
    comite front brigade brigades mouvement service services bureau cour commission fondation
    institut universite assemblee federation alliance compagnie entreprise association reseau
    syndicat observatoire centre network observatory
    ministry council agency party company group bank organisation organization committee
    movement office court commission foundation institute university assembly federation
    alliance corporation corp inc ltd association network fund forum centre center
    """
)

_SPEECH = (
    r"declare|dit|indique|annonce|ecrit|ajoute|affirme|assure|souligne|precise|explique|"
    r"estime|averti|prevenu|rappele|note|repondu|confirme|dementi|nie|accuse|denonce|"
    r"condamne|appele|exhorte|reclame|demande|insiste|salue|promis|menace|juge|qualifie|"
    r"martele|signale|rapporte|publie|revendique|reconnu|communique|fait savoir|fait etat|"
    r"jure|plaide|regrette|exprime|reagi|evoque|temoigne|raconte|admis|mis en garde|"
    r"informe|deplore|conteste|refuse|rejete|propose|soutenu|inquiete|alarme|felicite|"
    r"rejoui|indigne|alerte|montre|engage"
)
_ACTION = (
    r"attaque|frappe|bombarde|lance|tire|abattu|intercepte|detruit|vise|cible|pris|capture|"
    r"repousse|avance|mene|conduit|dirige|rencontre|negocie|signe|accepte|approuve|adopte|"
    r"decide|ordonne|impose|sanctionne|arrete|libere|envoye|deploye|livre|fourni|finance|"
    r"convenu|conclu|discute|recu|visite|engage|entretenu|exige|poursuivi|suspendu|annule|"
    r"gele|saisi|inculpe|occupe|encercle|reconquis|evacue|mobilise|presente|soumis|transmis|"
    r"elabore|redige|bloque|coupe|retire|participe|organise|accueilli|cede|obtenu|remporte|"
    r"battu|marque|gagne|perdu|demissionne|nomme|elu|voyage|arrive|quitte|rejoint|vote|"
    r"porte plainte|fui|domine|egalise|reduit|inscrit|scelle|offert|decrete|proclame|"
    r"promulgue|instaure|prolonge|leve"
)
_PRESENT = (
    r"declare|dit|indique|annonce|affirme|assure|estime|souligne|precise|explique|avertit|"
    r"previent|rappelle|accuse|denonce|condamne|appelle|exhorte|reclame|insiste|salue|promet|"
    r"menace|juge|revendique|reconnait|confirme|dement|nie|rapporte|signale|ecrit|ajoute|"
    r"martele|plaide|regrette|veut|souhaite|exige|cherche|tente|poursuit|continue|prepare|"
    r"envisage|refuse|rejette|propose|soutient|dirige|dirigera|rencontre|rencontrera|negocie|"
    r"participe|participera|conduit|conduira|mene|menera|lance|frappe|bombarde|vise|cible|"
    r"controle|avance|recule|accepte|signe|signera|recoit|accueille|accueillera"
)
_ENGLISH = (
    r"said|says|say|told|tells|announced|announces|wrote|writes|added|adds|stated|warned|"
    r"warns|claimed|claims|confirmed|confirms|denied|denies|accused|accuses|called|calls|"
    r"urged|urges|demanded|demands|insisted|insists|posted|reported|reports|acknowledged|"
    r"vowed|pledged|threatened|welcomed|condemned|blamed|noted|explained|argued|declared|"
    r"responded|replied|estimated|stressed|tweeted|attacked|attacks|struck|strikes|bombed|"
    r"launched|launches|fired|fires|shot down|intercepted|destroyed|targeted|captured|"
    r"seized|repelled|advanced|led|leads|will lead|met|meets|negotiated|signed|"
    r"signs|proposed|rejected|rejects|accepted|accepts|refused|approved|adopted|decided|"
    r"ordered|orders|imposed|sanctioned|arrested|released|sent|deployed|delivered|supplied|"
    r"backed|funded|agreed|concluded|discussed|received|visited|wants|seeks|sought|plans|"
    r"planned|pushed|pressed|offered|hosted|took|hit|downed|shelled|raided|stormed|withdrew|"
    r"suspended|blocked|closed|cut|is to|will meet|will visit|will travel|won|wins|beat|beats|"
    r"scored|scores|lost|defeated|resigned|appointed|named|elected|travelled|traveled|"
    r"arrived|left|joined|voted|filed|sued|ruled|charged|convicted|sentenced|fled|praised|"
    r"praises|criticised|criticized|hailed|thanked|gave|equalised|equalized|headed|decreed|"
    r"proclaimed|enacted|extended|lifted"
)
_AUXILIARIES = r"a|ont|avait|avaient|aurait|auraient|aura|auront|s'est|se sont|s'etait"
# A verb of speech or action after the actor: the actor is its subject.
_CUE_AFTER = re.compile(
    r"\b"
    + alternation(
        [
            *(
                rf"{auxiliary}\s+(?:[\w']+\s+){{0,2}}?(?:{_SPEECH}|{_ACTION})(?:e|s|es)?"
                for auxiliary in _AUXILIARIES.split("|")
            ),
            *_PRESENT.split("|"),
            *_ENGLISH.split("|"),
        ]
    )
    + r"\b"
)
_CUE_BEFORE = re.compile(
    r"\b"
    + alternation([*_SPEECH.split("|"), "said", "says", "told", "wrote", "added", "according to"])
    + r"\W*$"
)
# "une frappe de X", "a late strike from X": the scorer of a goal acts.
_SCORER_BEFORE = re.compile(
    r"\b(?:but|buts|frappe|tir|tete|coup franc|penalty|doublet?|triple|goal|goals|strike|"
    r"shot|header|free kick|brace|hat-trick)\s+(?:[\w'-]+\s+){0,2}?(?:de|d'|by|from)\s*$"
    # "l'équipe a égalisé en fin de match par X"
    r"|\b(?:egalise|marque|inscrit|ouvert le score|equali[sz]ed|scored)\s+(?:[\w'-]+\s+){0,5}?"
    r"(?:par|by|grace a)\s+$"
)
# The subject put after the verb of speech, with its article or title ("a indiqué la police
# locale", "a déclaré son porte-parole, le colonel X").
_INVERTED_SUBJECT = re.compile(
    rf"\b{alternation(_SPEECH.split('|'))}(?:e|s|es)?\s*,?\s+"
    # a day or two of time between them: "a précisé dimanche soir le parquet"
    r"(?:(?!que\b|qu'|si\b|comment\b|pourquoi\b)[\w-]+\s+){0,2}?"
    r"(?:le|la|les|l'|son|sa|ses|leur|leurs)\s*"
    r"(?:[^,.;:\"«»]{0,70},\s*(?:(?:le|la|l')\s*)?(?:[\w-]+\s+)?"
    # "a jugé le sélectionneur national X": a title and up to two qualifiers
    rf"|{_ANY_PERSON_TITLE}"
    r"(?:\s+[\w'-]+){0,2},?\s+)?$"
)
_FEW_WORDS = r"(?:\w+'|[\w']+\s+){0,3}"
# "selon lui, X...": the source is a pronoun, and the name after it is no source.
_NOT_PRONOUN = (
    r"(?!(?:lui|elle|eux|elles|moi|nous|vous|him|her|them|it|us|me|which|whom|qui|lequel|"
    r"laquelle|lesquels|lesquelles)\b)"
)
_SOURCE_BEFORE = re.compile(
    r"\b(?:selon|d'apres|according to|cite par|quoted by|a en croire)\s+"
    rf"{_NOT_PRONOUN}{_FEW_WORDS}$"
    # "selon le porte-parole de l'armée, le général X"
    r"|\b(?:selon|d'apres|according to)\s+"
    r"(?:le\s+|la\s+|l'|un\s+|une\s+|the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?"
    + alternation(_SPOKESPERSON_TITLE_WORDS.split("|"))
    + r"\b[^.;:]{0,70},\s+(?:le\s+|la\s+)?(?:\w+\s+)?$"
)
_AGENT_WORDS = (
    r"revendiqu|reconnu|men|lanc|tir|annonc|confirm|ordonn|sign|propos|organis|dirig|"
    r"conduit|claimed|carried out|launched|fired|confirmed|acknowledged|ordered|signed|"
    r"proposed|organi[sz]ed|led|announced|hosted|mediated|brokered|conducted"
)
_AGENT_BEFORE = re.compile(
    rf"\b{alternation(_AGENT_WORDS.split('|'))}\w*\s+(?:[\w']+\s+)?(?:par|by)\s+{_FEW_WORDS}$"
)
# "did not comment": an actor that keeps silent plays no role in that sentence.
_SILENT_AFTER = re.compile(
    r"^\W*(?:did not|didn't|has not|hasn't|declined to|could not be reached|n'a pas|n'ont pas|"
    r"ne s'est pas|n'avait pas|n'a toujours pas|se sont refuses|s'est refuse|a refuse de)"
    r"(?:\s+\w+){0,2}?\s+(?:immediately\s+)?(?:comment|respond|reply|react|commente|reagi|"
    r"repondu|exprime|donne suite|a commenter|de commenter)"
)
_SILENT_BEFORE = re.compile(
    r"(?:aucun commentaire|no comment|pas de commentaire)\W+(?:\w+\W+){0,6}"
    r"(?:de|du|de la|de l'|from)\s+(?:\w+'|[\w']+\s+){0,2}$"
)
# "à la Maison Blanche", "at the Kremlin": an institution named as a place.
_VENUE_BEFORE = re.compile(
    r"\b(?:a|au|dans|devant|at|in|inside|to|into|before)\s+(?:la\s+|le\s+|l'|the\s+)?$"
)
# "affilié à al-Qaïda", "linked to Hamas": a group named for what others are tied to.
_ASSOCIATES = (
    "affilie affilies affiliee affiliees lie lies liee liees proche proches allie allies soutenu "
    "soutenus soutenue soutenues affiliated linked tied close aligned allied backed loyal membre "
    "membres member members emanation emanations offshoot offshoots branche branches"
)
_ASSOCIATED_BEFORE = re.compile(
    rf"\b{alternation(_ASSOCIATES.split())}\s+(?:a|au|aux|de|du|des|to|with|by|of)\s+"
    r"(?:la\s+|le\s+|les\s+|l'|the\s+)?"
    r"(?:(?:[\w']+\s+){1,3}(?:et|and)\s+(?:de\s+|of\s+)?(?:la\s+|le\s+|l'|the\s+)?)?$"
)
_PASSIVE = re.compile(r"\b(?:ete|was|were|been|being|is|are)\s+$")
_YEAR = re.compile(r"\b(?:en|in|depuis|since|de|from|du|of)\s+(?:\w+\s+)?(?:19|20)\d\d\b")
_FORMER = re.compile(r"\b(?:ancien|ancienne|ex|former|late|feu)\W*(?:\w+\W+){0,2}$")
_TITLES_OF = (
    r"secretaire general|secretaire generale|chef|cheffe|patron|patronne|porte-parole|"
    r"porte parole|president|presidente|directeur|directrice|ministre|ambassadeur|"
    r"ambassadrice|representant|representante|envoye|envoyee|emissaire|commandant|"
    r"dirigeant|dirigeante|fondateur|conseiller|conseillere|negociateur|membre|"
    r"haut responsable|responsable|officier|gouverneur|head|chief|spokesman|spokeswoman|"
    r"spokesperson|secretary general|secretary-general|director|president|chairman|chair|"
    r"ambassador|envoy|commander|official|member|leader|adviser|advisor|negotiator|officer|"
    r"founder|governor"
)
# "le chef de l'ONU", "le chef des opérations humanitaires de l'ONU", "head of policy at".
_TITLE_BEFORE = re.compile(
    rf"\b{alternation(_TITLES_OF.split('|'))}(?:\s+(?:adjoint|adjointe|general|generale|"
    r"special|speciale|deputy))?(?:\s+(?:de la|de l'|des|du|of the|of|for)\s*[\w-]+"
    r"(?:\s+[\w-]+){0,2}?)?\s+(?:de la|de l'|des|du|de|d'|(?:of|for|at|to)(?: the)?)\s*$"
)
_TITLE_AFTER = re.compile(
    r"^(?:'s)?\s+(?:(?!and\b|et\b|or\b|ou\b|with\b|avec\b)\w+\s+){0,2}?"
    r"(?:chief|spokesman|spokeswoman|spokesperson|official|head|leader|envoy|secretary|secretary-general|commander|negotiator|ambassador|adviser|"
    r"director|president|minister|boss|founder|governor)\b"
)
_NAME_SHAPE = re.compile(r"[A-ZÀ-ÖØ-Ý][\w'’-]+(?:\s+(?:[a-z]{1,3}[-\s]){0,2}[A-ZÀ-ÖØ-Ý][\w'’-]+)+")
# "Marc Cucurella's cross": the possessive ending is no part of the name.
_POSSESSIVE_END = re.compile(r"['’]s?$")
_DATELINE = re.compile(r"^\s*(?:-|–|—|\(|:)")
_PUNCTUATION = re.compile(r"[^\w\s]")
# "le porte-parole du Hamas, Hazem Qassem": a name after a few lower-case words.
_NAME_FOLLOWS = re.compile(r"^(?:\s+[a-zà-ÿ][\w-]*){0,3},?\s*[A-ZÀ-Ý]")
_AFTER_COMMA = re.compile(r"[\w.],\s*(?:(?:le|la|l'|the|a|an)\s+)?$")
_CAPITALISED_NEXT = re.compile(r"^\s+([A-Z][a-z]+)")
_NAME_NEXT = re.compile(r"^,?\s+[A-ZÀ-Ý]")
_POSSESSIVE = re.compile(r"'s\s+")


@dataclass(frozen=True)
class _Alias:
    """One name of one known actor, with the conditions under which it may match."""

    key: str
    single: bool = False  # one word: a surname, an acronym or a one-word name
    capital: bool = False  # a capitalised single word: the text must be capitalised too
    upper: bool = False  # an acronym: the text must be in capitals
    descriptive: bool = False  # "armée ukrainienne": counts only when the actor speaks or acts
    title: bool = False  # "président russe": a position naming its current holder
    anchored: bool = False  # a surname that needs its full name in the story to match
    person_single: bool = False  # one word naming a person: a surname, resolved in context


@dataclass
class _Index:
    """What is built once per vocabulary to find its actors quickly."""

    matcher: PhraseMatcher[_Alias]
    short_forms: PhraseMatcher[str]
    actors: dict[str, KnownActor]
    rejected: frozenset[str]
    rejected_keys: frozenset[str]  # actors whose name editors rejected


@dataclass
class _Mention:
    part: int
    start: int
    end: int
    keys: list[str]
    alias: _Alias | None = None
    weight: float = 0.0
    role: bool = False


@dataclass
class _Candidate:
    name: str
    kind: str
    mentions: list[_Mention] = field(default_factory=list)


def normalise_name(name: str) -> str:
    """Return the form in which names are compared: folded, without punctuation or elision."""
    folded = ELISION.sub("", fold(name).strip())
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


@cache
def _first_names() -> frozenset[str]:
    lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    words = (word for line in lines if not line.startswith("#") for word in line.split())
    return frozenset(fold(word) for word in words)


_INDEXES: dict[int, tuple[weakref.ref[Vocabulary], _Index]] = {}


def _index_for(vocabulary: Vocabulary) -> _Index:
    """Return the index of a vocabulary, built on first use and kept while it lives."""
    cached = _INDEXES.get(id(vocabulary))
    if cached and cached[0]() is vocabulary:
        return cached[1]
    index = _build_index(vocabulary)
    _INDEXES[id(vocabulary)] = (weakref.ref(vocabulary), index)
    weakref.finalize(vocabulary, _INDEXES.pop, id(vocabulary), None)
    return index


def _is_descriptive(words: list[str], demonyms: set[str], countries: set[str]) -> bool:
    """Say whether an alias describes an institution by its country ("armée ukrainienne",
    "Russia's Defence Ministry") rather than naming it ("Conseil de sécurité")."""
    folded = [match_key(word).strip("'") for word in words]
    if len(folded) < 2:
        return False
    if any(word.endswith("'s") for word in folded) or any(w in demonyms for w in folded):
        return True
    return folded[0] in _GENERIC_HEADS and any(ELISION.sub("", w) in countries for w in folded)


# Transliteration: English spellings of Slavic and Arabic names and their French forms
# ("Vasyl Maliuk" / "Vassyl Maliouk", "Reznichenko" / "Reznitchenko", "Shmyhal" / "Chmyhal").
_TO_FRENCH = (
    (re.compile(r"(?<![ts])ch"), "tch"),
    (re.compile(r"sh"), "ch"),
    (re.compile(r"(?<![aeiouy])(?:i|y)u"), "iou"),
    (re.compile(r"(?<![aeioqg])u(?!i)"), "ou"),
    (re.compile(r"(?<=[aeiouy])s(?=[aeiouy])"), "ss"),
)
_ARTICLE_AL = re.compile(r"\b(a|e)l(?=-)")


def _spellings(alias: str) -> set[str]:
    """Return other spellings of a person's name: its French transliteration and the
    article al-/el- swapped ("al-Sisi" / "el-Sisi")."""
    name = fold(alias)
    french = name
    for pattern, replacement in _TO_FRENCH:
        french = pattern.sub(replacement, french)
    variants = {name, french}
    for variant in list(variants):
        variants.add(_ARTICLE_AL.sub(lambda m: "el" if m.group(1) == "a" else "al", variant))
    variants.discard(name)
    return variants


def _build_index(vocabulary: Vocabulary) -> _Index:
    demonyms = get_gazetteer().demonym_words
    countries = get_gazetteer().country_words
    places = get_gazetteer().place_words
    first_names = set(_first_names())
    people = [actor for actor in vocabulary.actors if actor.kind == "person"]
    for actor in people:
        words = actor.name.split()
        if len(words) > 1 and actor.country not in _FAMILY_NAME_FIRST:
            first_names.add(fold(words[0]))
    matcher: PhraseMatcher[_Alias] = PhraseMatcher()
    short_forms: PhraseMatcher[str] = PhraseMatcher()
    for actor in vocabulary.actors:
        names = [actor.name, *actor.aliases]
        is_person = actor.kind == "person"
        for alias in names:
            words = alias.split()
            letters = [c for c in alias if c.isalpha()]
            single = len(words) == 1
            title = is_person and any(match_key(w) in _TITLE_WORDS for w in words)
            descriptive = not is_person and _is_descriptive(words, demonyms, countries)
            entry = _Alias(
                key=actor.key,
                single=single,
                capital=single and alias[:1].isupper(),
                upper=len(letters) > 1 and all(c.isupper() for c in letters),
                descriptive=descriptive,
                title=title,
                anchored=is_person and single and fold(alias) in first_names,
                person_single=is_person and single,
            )
            matcher.add(alias, entry)
            if is_person and not title and not entry.upper:
                for spelling in _spellings(alias):
                    matcher.add(spelling, entry)
            if descriptive:
                # "Gaza's health ministry", "ministère libanais de la Santé": the short form
                # drops the demonym or the place that owns the institution.
                short = [
                    w
                    for w in words
                    if match_key(w) not in demonyms
                    and match_key(w).removesuffix("'s") not in (places if "'" in w else ())
                ]
                short_key = " ".join(short)
                if 1 <= len(short) < len(words) and len(short_key) >= 5:
                    short_forms.add(short_key, actor.key)
        words = actor.name.split()
        explicit = {fold(alias) for alias in names}
        if is_person and len(words) > 1 and actor.country not in _FAMILY_NAME_FIRST:
            surname = words[-1].rstrip(".")
            if len(surname) >= 4 and fold(surname) not in explicit:
                entry = _Alias(
                    key=actor.key, single=True, capital=True, anchored=True, person_single=True
                )
                for spelling in (surname, *_spellings(surname)):
                    matcher.add(spelling, entry)
    actors = {actor.key: actor for actor in vocabulary.actors}
    rejected = frozenset(normalise_name(name) for name in vocabulary.rejected_names)
    return _Index(
        matcher=matcher,
        short_forms=short_forms,
        actors=actors,
        rejected=rejected,
        rejected_keys=frozenset(
            key for key, actor in actors.items() if normalise_name(actor.name) in rejected
        ),
    )


# ---------------------------------------------------------------- sentences and roles


@dataclass
class _Part:
    """A part of the document with its folded text; sentences are split when first needed."""

    index: int
    text: str
    folded: str
    background: dict[tuple[int, int], bool] = field(default_factory=dict)  # by sentence

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)

    def sentence(self, offset: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return 0, len(self.text)


def _role(part: _Part, start: int, end: int) -> str | None:
    """Return how the name at start:end plays a role in its sentence: "source" when it is
    cited ("selon X"), "actor" when it speaks or acts, None otherwise."""
    begin, finish = part.sentence(start)
    folded = part.folded
    before = folded[max(begin, start - 60) : start]
    if _SOURCE_BEFORE.search(before):
        return "source"
    if _AGENT_BEFORE.search(before) or _CUE_BEFORE.search(folded[max(begin, start - 45) : start]):
        return "actor"
    if _INVERTED_SUBJECT.search(folded[max(begin, start - 90) : start]):
        return "actor"
    if _SCORER_BEFORE.search(before):
        return "actor"
    after = folded[end : min(finish, end + 150)]
    if any(not _PASSIVE.search(after[: cue.start()]) for cue in _CUE_AFTER.finditer(after)):
        return "actor"
    return None


def _in_title(
    part: _Part,
    start: int,
    end: int,
    people: list[tuple[int, int]],
    names: list[tuple[int, int]] | None,
) -> bool:
    """Say whether an organisation is only named inside a named person's title."""
    folded = part.folded
    begin, finish = part.sentence(start)
    title_before = _TITLE_BEFORE.search(folded[max(begin, start - 45) : start])
    title_after = _TITLE_AFTER.match(folded[end : min(finish, end + 40)])
    if not (title_before or title_after):
        return names is not None and _in_apposition(part, start, names)
    window_start = start - (len(title_before.group()) if title_before else 0)
    window_end = end + (title_after.end() if title_after else 0)

    def named(lo: int, hi: int) -> bool:
        if any(s < hi and e > lo for s, e in people):
            return True
        return bool(_NAME_SHAPE.search(part.text[lo:hi]))

    after = part.text[window_end : min(finish, window_end + 60)]
    before = part.text[max(begin, window_start - 45) : window_start]
    # "le porte-parole du Hamas, Hazem Qassem" / "Hazem Qassem, porte-parole du Hamas"
    follows = _NAME_FOLLOWS.match(after)
    return bool(follows and named(window_end, window_end + 60)) or (
        bool(_AFTER_COMMA.search(before)) and named(max(begin, window_start - 45), window_start)
    )


def _in_apposition(part: _Part, start: int, names: list[tuple[int, int]]) -> bool:
    """Say whether a name lies in the description set between commas after another name
    ("Andriy Kovalenko, head of the centre at the Security Council, said"; "le Cogat,
    l'organisme du ministère de la Défense")."""
    begin, _ = part.sentence(start)
    comma = part.text.rfind(",", begin, start)
    if comma < 0:
        return False
    segment = _ARTICLES.sub(" ", part.folded[comma + 1 : start])
    words = segment.split()
    if not words or words[0].strip("'") not in _DESCRIPTION_WORDS:
        return False
    return any(abs(end - comma) <= 1 for _, end in names)


def _is_background(part: _Part, start: int) -> bool:
    sentence = part.sentence(start)
    if sentence not in part.background:
        part.background[sentence] = bool(_YEAR.search(part.folded, *sentence))
    return part.background[sentence]


# ---------------------------------------------------------------- known actors


def _match_known(parts: list[_Part], index: _Index) -> list[_Mention]:
    mentions = []
    for part in parts:
        for start, end, aliases in index.matcher.find(part.folded):
            original = part.text[start:end]
            fitting = [
                alias
                for alias in aliases
                if (not alias.upper or original.upper() == original)
                and (not alias.capital or original[:1].isupper())
            ]
            if fitting:
                keys = list(dict.fromkeys(alias.key for alias in fitting))
                mentions.append(_Mention(part.index, start, end, keys, fitting[0]))
    return mentions


def _inside_longer_name(part: _Part, mention: _Mention, index: _Index) -> bool:
    """Say whether an organisation's name only begins a longer proper name
    ("United Nations Human Rights Monitoring Mission", "NATO Secretary General Mark Rutte")."""
    if part.index == 0 or index.actors[mention.keys[0]].kind == "person":
        return False
    following = _CAPITALISED_NEXT.match(part.text[mention.end : mention.end + 30])
    return bool(following) and fold(following.group(1)) not in _NOT_NAMES


def _full_anchors(mentions: list[_Mention]) -> dict[str, list[tuple[int, int]]]:
    """Where each known actor is named unambiguously by a full name or distinctive alias."""
    anchors: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        alias = mention.alias
        if len(mention.keys) != 1 or alias is None:
            continue
        if alias.anchored or alias.title or alias.descriptive or alias.person_single:
            continue
        anchors[mention.keys[0]].append((mention.part, mention.start))
    return anchors


def _resolve_known(
    mentions: list[_Mention],
    index: _Index,
    unknown_surnames: dict[str, str],
    parts: dict[int, _Part],
) -> list[_Mention]:
    """Pick one actor per mention: a surname goes to the person named in full in the story."""
    anchors = _full_anchors(mentions)
    resolved = []
    for mention in mentions:
        alias = mention.alias or _Alias(mention.keys[0])
        text = parts[mention.part].text[mention.start : mention.end]
        if alias.person_single:
            surname = normalise_name(text)
            named = [key for key in mention.keys if key in anchors]
            if named:
                mention.keys = [_nearest(named, anchors, mention)]
            elif surname in unknown_surnames:
                continue  # the surname of an unknown person named in full in the story
            elif len(mention.keys) > 1 or alias.anchored:
                continue
        elif len(mention.keys) > 1:
            named = [key for key in mention.keys if key in anchors]
            if len(named) != 1:
                continue
            mention.keys = named
        resolved.append(mention)
    return resolved


def _closeness(spots: list[tuple[int, int]], here: tuple[int, int]) -> tuple[bool, tuple[int, int]]:
    """Rank a name's spots against a position: the latest one before it, else the first after."""
    before = [spot for spot in spots if spot <= here]
    if before:
        return True, max(before)
    first = min(spots)
    return False, (-first[0], -first[1])


def _nearest(keys: list[str], anchors: dict[str, list[tuple[int, int]]], mention: _Mention) -> str:
    """Choose the person whose full name comes last before the mention (or first after it)."""
    here = (mention.part, mention.start)
    return max(keys, key=lambda key: _closeness(anchors[key], here))


def _drop_title_holders(mentions: list[_Mention], parts: dict[int, _Part]) -> list[_Mention]:
    """Drop "le président russe" when a name follows it, or when it speaks of a former holder."""
    kept = []
    for mention in mentions:
        if mention.alias and mention.alias.title:
            part = parts[mention.part]
            after = part.text[mention.end : mention.end + 3]
            if _NAME_NEXT.match(after):
                continue
            if _FORMER.search(part.folded[max(0, mention.start - 25) : mention.start]):
                continue
        kept.append(mention)
    return kept


def _match_short_forms(
    parts: list[_Part], index: _Index, mentions: list[_Mention]
) -> list[_Mention]:
    """Attach "l'armée" or "the General Staff" to the institution the story names in full, and
    "the territory's health ministry" to the one of the country the story is about."""
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        taken[mention.part].append((mention.start, mention.end))
        seen[mention.keys[0]].append((mention.part, mention.start))
    found: list[_Mention] = []
    described = any(mention.alias and mention.alias.descriptive for mention in mentions)
    home: list[str] | None = None
    for part in parts:
        for start, end, keys in index.short_forms.find(part.folded):
            if any(s < end and e > start for s, e in taken[part.index]):
                continue
            here = (part.index, start)
            named = [key for key in set(keys) if seen[key]]
            key = None
            if named and described:
                key = max(named, key=lambda k: _closeness(seen[k], here))
            elif _OF_THE_PLACE_BEFORE.search(
                part.folded[max(0, start - 30) : start]
            ) or _OF_THE_PLACE_AFTER.match(part.folded[end : end + 30]):
                home = _story_countries(parts) if home is None else home
                key = _home_institution(set(keys), index, home)
            if key:
                found.append(_Mention(part.index, start, end, [key], _Alias(key, descriptive=True)))
    return found


# "the territory's health ministry", "le ministère de la Santé du pays": the institution of
# the country the story is about.
_OF_THE_PLACE_BEFORE = re.compile(
    r"\bthe\s+(?:territory|country|enclave|strip|kingdom|island|nation|region|province)'s\s+$"
)
_OF_THE_PLACE_AFTER = re.compile(
    r"^\s+(?:du\s+territoire|du\s+pays|de\s+l'enclave|du\s+royaume|de\s+l'ile)\b"
)


def _story_countries(parts: list[_Part]) -> list[str]:
    """Return the country codes of the places a story names, one for each mention."""
    matcher = get_gazetteer().matcher
    return [
        code
        for part in parts
        for _, _, places in matcher.find(part.folded)
        for code in {place.code for place in places}
    ]


def _home_institution(keys: set[str], index: _Index, codes: list[str]) -> str | None:
    """Return the institution, among ``keys``, of the country the story names most, when that
    country is named at least twice and more than any other country of the institutions."""
    counts = {
        key: codes.count(country)
        for key in keys
        if (country := index.actors[key].country) is not None
    }
    # Ties go to the first key by name, not to the order of a set.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < 2:
        return None
    best_country = index.actors[ranked[0][0]].country
    rivals = [count for key, count in ranked if index.actors[key].country != best_country]
    if rivals and rivals[0] == ranked[0][1]:
        return None
    return ranked[0][0]


# ---------------------------------------------------------------- unknown actors


def _clean_entity_text(text: str) -> list[tuple[int, str]]:
    """Split an entity into runs of capitalised words, with their offsets in the entity."""
    runs = []
    for match in re.finditer(r"[^\s\"«»“”()\[\]:;,!?]+(?:\s+[^\s\"«»“”()\[\]:;,!?]+)*", text):
        words = list(re.finditer(r"\S+", match.group()))
        current: list[re.Match[str]] = []
        for word in [*words, None]:
            token = word.group() if word else ""
            # "von", "bin" alone or "al-Mourtada" joined: a name goes on after a particle.
            particle = bool(word) and is_name_particle(fold(token)) and bool(current)
            capital = bool(word) and ELISION.sub("", token)[:1].isupper()
            if word and (capital or particle) and token not in {"-", "–", "—"}:
                current.append(word)
                continue
            while current and fold(current[-1].group()) in NAME_PARTICLES:
                current.pop()
            if current:
                begin = match.start() + current[0].start()
                finish = match.start() + current[-1].end()
                runs.append((begin, text[begin:finish]))
            current = []
    return runs


def _is_junk(name: str, index: _Index) -> bool:
    """Say whether a capitalised run is no name of an actor."""
    gazetteer = get_gazetteer()
    key = normalise_name(name)
    words = key.split()
    if not words or len(key) < 3 or len(words) > 5 or any(c.isdigit() for c in key):
        return True
    if key in index.rejected or key in gazetteer.place_words or key in gazetteer.demonym_words:
        return True
    if words[0] in _NOT_NAMES or words[-1] in _NOT_NAMES:
        return True
    if any(word in _FACILITY_WORDS or word in _EVENT_WORDS for word in words):
        return True
    if key in gazetteer.region_words:
        return True
    if _CONTROLLED_BY.search(name):
        return True
    return all(w in gazetteer.place_words or w in gazetteer.demonym_words for w in words)


def _trim(run: str) -> str:
    """Drop titles, demonyms and place names that the model glued to the front of a name."""
    gazetteer = get_gazetteer()
    words = run.split()

    def key(word: str) -> str:
        return match_key(word).strip(" '.").removesuffix("'s")

    def noise(word: str) -> bool:
        folded = key(word)
        return (
            folded in _NOT_NAMES
            or folded in _TITLE_WORDS
            or folded in gazetteer.demonym_words
            or folded in gazetteer.country_words
        )

    # A place opens a name only as a title's complement ("Kyiv Mayor Vitali Klitschko");
    # otherwise it may be a given name ("Hansi Flick").
    while words and (
        noise(words[0])
        or (len(words) > 1 and key(words[0]) in gazetteer.place_words and noise(words[1]))
    ):
        words.pop(0)
    while words and noise(words[-1]):
        words.pop()
    # "Foreign Minister Therese Kayikwamba Wagner": the name starts after the title.
    titles = [i for i, word in enumerate(words[:-2]) if key(word) in _TITLE_WORDS]
    if titles:
        words = words[titles[-1] + 1 :]
    return " ".join(words)


def _kind_of(name: str, label: str, part: _Part, start: int) -> str | None:
    """Guess whether an unknown name is a person or an organisation, or neither."""
    words = normalise_name(name).split()
    if any(word in _ORG_WORDS for word in words):
        return "organisation"
    titled = bool(_PERSON_TITLES.search(part.folded[max(0, start - 40) : start]))
    first_name = words[0] in _first_names() or fold(name.split()[0]) in _first_names()
    capitalised = all(w[:1].isupper() or is_name_particle(fold(w)) for w in name.split())
    if len(words) >= 2 and capitalised and (label == "PER" or first_name or titled):
        return "person"
    if label == "ORG" and (name.isupper() or len(words) >= 2):
        return "organisation"
    return None


def _find_candidates(
    parts: list[_Part],
    entities: Sequence[Entity],
    index: _Index,
    taken: dict[int, list[tuple[int, int]]],
    known_spans: dict[int, set[tuple[int, int]]],
) -> list[_Candidate]:
    """Propose unknown people and organisations from entities and the shape of names."""
    by_part = {part.index: part for part in parts}
    spotted: list[tuple[int, int, int, str, str]] = []
    for entity in entities:
        part = by_part.get(entity.part)
        if part is None or entity.label not in ("PER", "ORG", "MISC", "LOC"):
            continue
        organisation = _organisation_name(entity.text)
        if organisation:
            start = part.text.find(organisation, entity.start)
            spotted.append((part.index, start, start + len(organisation), organisation, "ORG"))
            continue
        for offset, run in _clean_entity_text(entity.text):
            run = _trim(ELISION.sub("", _POSSESSIVE_END.sub("", run)))
            start = part.text.find(run, entity.start + offset) if run else -1
            if start >= 0:
                spotted.append((part.index, start, start + len(run), run, entity.label))
    first_names = _first_names()
    for part in parts:
        for match in _NAME_SHAPE.finditer(part.text):
            words = match.group().split()
            # Folding keeps white space where it is: the folded words match ``words``.
            folded = fold_part(part.text)[match.start() : match.end()].split()
            first = next((i for i, w in enumerate(folded) if w in first_names), None)
            titled = [i + 1 for i, w in enumerate(folded) if match_key_folded(w) in _TITLE_WORDS]
            if first is None and titled:
                first = titled[-1]
            elif first is None and (
                _PERSON_TITLES.search(part.folded[max(0, match.start() - 40) : match.start()])
                or _SCORER_BEFORE.search(part.folded[max(0, match.start() - 60) : match.start()])
            ):
                first = 0
            if first is None:
                # "the Union Election Commission said": a run of capitalised words with a
                # word of organisations names one, which the model may have missed.
                run = _trim(_POSSESSIVE_END.sub("", match.group()))
                if len(run.split()) >= 2 and any(
                    match_key_folded(w) in _ORG_WORDS for w in fold(run).split()
                ):
                    start = part.text.find(run, match.start())
                    spotted.append((part.index, start, start + len(run), run, "ORG"))
                continue
            if first >= len(words) - 1:
                continue
            run = _POSSESSIVE_END.sub("", " ".join(words[first:]))
            start = part.text.find(run, match.start())
            spotted.append((part.index, start, start + len(run), run, "SHAPE"))

    candidates: dict[str, _Candidate] = {}
    for part_index, start, end, name, label in sorted(spotted, key=lambda s: (s[0], s[1], -s[2])):
        part = by_part[part_index]
        if any(s < end and e > start for s, e in taken[part_index]):
            continue
        # A piece of a known name ("AFC" of "AFC/M23") is no other actor.
        if any(s <= start and end <= e for s, e in known_spans[part_index]):
            continue
        dateline = not part.text[:start].strip() and _DATELINE.match(part.text[end:])
        if _is_junk(name, index) or (dateline and part_index <= 2):
            continue
        if _inside_quotes(part.text, start):
            continue
        kind = _kind_of(name, "PER" if label == "SHAPE" else label, part, start)
        if kind is None or (label == "SHAPE" and kind != "person"):
            continue
        if label in ("LOC", "MISC") and kind == "organisation":
            continue
        key = normalise_name(name)
        candidate = candidates.setdefault(key, _Candidate(name=name, kind=kind))
        candidate.mentions.append(_Mention(part_index, start, end, []))
        taken[part_index].append((start, end))
    _attach_surnames(parts, list(candidates.values()), taken)
    return list(candidates.values())


def _organisation_name(text: str) -> str | None:
    """Return an entity's text as an organisation's name when it reads like one
    ("Réseau des médecins soudanais"), without a leading article."""
    name = re.sub(r"^(?:(?:le|la|les|the)\s+|[ld]['’])", "", text.strip(), flags=re.IGNORECASE)
    name = name.strip(" ,.;:")
    words = normalise_name(name).split()
    if not name[:1].isupper() or not 2 <= len(words) <= 8 or "\n" in name:
        return None
    return name if words[0] in _ORG_WORDS else None


def _inside_quotes(text: str, offset: int) -> bool:
    """Say whether an offset falls inside a quotation."""
    before = text[:offset]
    straight = before.count('"') % 2 == 1
    return (
        straight or before.count("«") > before.count("»") or before.count("“") > before.count("”")
    )


def _attach_surnames(
    parts: list[_Part], candidates: list[_Candidate], taken: dict[int, list[tuple[int, int]]]
) -> None:
    """Count "Kiper" as a mention of "Oleh Kiper" when the story named him in full."""
    by_surname: dict[str, _Candidate] = {}
    for candidate in candidates:
        if candidate.kind == "person":
            surname = candidate.name.split()[-1]
            by_surname[surname] = candidate
    for surname, candidate in by_surname.items():
        pattern = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
        for part in parts:
            for match in pattern.finditer(part.text):
                start, end = match.span()
                if any(s < end and e > start for s, e in taken[part.index]):
                    continue
                candidate.mentions.append(_Mention(part.index, start, end, []))
                taken[part.index].append((start, end))


def _unknown_surnames(candidates: list[_Candidate]) -> dict[str, str]:
    """Map the folded surname of each unknown person to the full name the story gives."""
    return {
        normalise_name(c.name.split()[-1]): c.name
        for c in candidates
        if c.kind == "person" and len(c.name.split()) > 1
    }


# ---------------------------------------------------------------- scoring


def _is_silent(part: _Part, start: int, end: int) -> bool:
    """Say whether the sentence says the actor did not comment."""
    begin, finish = part.sentence(start)
    return bool(
        _SILENT_AFTER.match(part.folded[end:finish])
        or _SILENT_BEFORE.search(part.folded[begin:start])
    )


def _is_possessor(part: _Part, mention: _Mention, names: list[tuple[int, int]]) -> bool:
    """Say whether the name only owns the actor that follows ("the U.S. military's Central
    Command said"), which then plays the role."""
    following = _POSSESSIVE.match(part.folded[mention.end : mention.end + 4])
    return bool(following) and any(start == mention.end + following.end() for start, _ in names)


def _weigh(
    mention: _Mention,
    part: _Part,
    people: list[tuple[int, int]],
    names: list[tuple[int, int]],
    *,
    needs_role: bool,
    seat: bool = False,
    person: bool = False,
) -> None:
    """Set a mention's weight from where it stands and the role its sentence gives it."""
    role = _role(part, mention.start, mention.end)
    mention.role = role is not None
    if needs_role and not mention.role:
        mention.weight = 0.0
        return
    if _is_silent(part, mention.start, mention.end) or _is_possessor(part, mention, names):
        mention.weight = 0.0
        return
    # A name in someone's words is what they speak of, not who plays a part in the news.
    if _inside_quotes(part.text, mention.start):
        mention.weight = 0.0
        return
    # People are described by titles; only organisations hide inside someone's description.
    described_by = None if person else names
    if _in_title(part, mention.start, mention.end, people, described_by):
        mention.weight = 0.0
        return
    if _ASSOCIATED_BEFORE.search(part.folded[max(0, mention.start - 60) : mention.start]):
        mention.weight = 0.0
        return
    weight = LEAD_WEIGHT if part.index in (0, 1) else BODY_WEIGHT
    # Citing a source for a background fact ("according to the UN") is no part in the news.
    if role != "actor" and _is_background(part, mention.start):
        weight = BACKGROUND_WEIGHT
    elif (
        seat
        and not mention.role
        and _VENUE_BEFORE.search(part.folded[max(0, mention.start - 12) : mention.start])
    ):
        weight = 0.0
    mention.weight = weight + (ROLE_BONUS if mention.role else 0.0)


def _evidence(mentions: list[_Mention], parts: dict[int, _Part]) -> str:
    best = max(mentions, key=lambda m: (m.role, m.weight, -m.part, -m.start))
    part = parts[best.part]
    start, end = part.sentence(best.start)
    return part.text[start:end]


def find_actors(
    doc: Document, vocabulary: Vocabulary, entities: Sequence[Entity] = ()
) -> tuple[ActorSuggestion, ...]:
    """Suggest the actors that play a role in the story: known ones first, then candidates."""
    index = _index_for(vocabulary)
    parts = {i: _Part(i, text, match_key_part(text)) for i, text in iter_parts(doc)}
    known, candidates = _find_mentions(list(parts.values()), entities, index)

    people: dict[int, list[tuple[int, int]]] = defaultdict(list)
    names: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for mention in known:
        if index.actors[mention.keys[0]].kind == "person":
            people[mention.part].append((mention.start, mention.end))
    for candidate in candidates:
        for mention in candidate.mentions:
            if candidate.kind == "person":
                people[mention.part].append((mention.start, mention.end))
    for mention in [*known, *(m for c in candidates for m in c.mentions)]:
        names[mention.part].append((mention.start, mention.end))

    def weigh(mention: _Mention, kind: str, *, needs_role: bool) -> None:
        _weigh(
            mention,
            parts[mention.part],
            people[mention.part],
            names[mention.part],
            needs_role=needs_role,
            seat=kind == "government_body",
            person=kind == "person",
        )

    grouped: dict[str, list[_Mention]] = defaultdict(list)
    for mention in known:
        actor = index.actors[mention.keys[0]]
        if actor.kind == "media" or actor.key in index.rejected_keys:
            continue
        weigh(mention, actor.kind, needs_role=bool(mention.alias and mention.alias.descriptive))
        grouped[actor.key].append(mention)
    suggestions = []
    for key, mentions in grouped.items():
        actor = index.actors[key]
        suggestion = _suggestion(actor.name, actor.kind, mentions, parts, actor)
        if suggestion:
            suggestions.append(suggestion)
    for candidate in candidates:
        for mention in candidate.mentions:
            weigh(mention, candidate.kind, needs_role=True)
        # An unknown name is proposed only if it speaks or acts somewhere.
        if any(m.role and m.weight for m in candidate.mentions):
            suggestion = _suggestion(candidate.name, candidate.kind, candidate.mentions, parts)
            if suggestion:
                suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (s.key is None, -s.score, s.name))
    return tuple(suggestions)


def _find_mentions(
    parts: list[_Part], entities: Sequence[Entity], index: _Index
) -> tuple[list[_Mention], list[_Candidate]]:
    """Find the mentions of known actors, each resolved to one actor, and the candidates."""
    by_part = {part.index: part for part in parts}
    raw = [
        mention
        for mention in _match_known(parts, index)
        if not _inside_longer_name(by_part[mention.part], mention, index)
    ]
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    known_spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for mention in raw:
        known_spans[mention.part].add((mention.start, mention.end))
        # A lone word may belong to an unknown person named in full ("Hazem Qassem").
        if not (mention.alias and mention.alias.single):
            taken[mention.part].append((mention.start, mention.end))
    candidates = _find_candidates(parts, entities, index, taken, known_spans)
    raw = [mention for mention in raw if not _overlaps(mention, taken)]
    known = _resolve_known(raw, index, _unknown_surnames(candidates), by_part)
    known = _drop_title_holders(known, by_part)
    return known + _match_short_forms(parts, index, known), candidates


def _suggestion(
    name: str,
    kind: str,
    mentions: list[_Mention],
    parts: dict[int, _Part],
    actor: KnownActor | None = None,
) -> ActorSuggestion | None:
    """Build the suggestion for weighed mentions, or None when they weigh too little."""
    score = sum(m.weight for m in mentions)
    if score < MIN_ACTOR_SCORE:
        return None
    return ActorSuggestion(
        name=name,
        kind=kind,
        key=actor.key if actor else None,
        country=actor.country if actor else None,
        mentions=_spans(mentions),
        score=round(score, 2),
        evidence=_evidence(mentions, parts),
    )


def _overlaps(mention: _Mention, taken: dict[int, list[tuple[int, int]]]) -> bool:
    """Say whether a lone word belongs to an unknown person's name found in the story."""
    if not (mention.alias and mention.alias.single):
        return False
    return any(start <= mention.start and mention.end <= end for start, end in taken[mention.part])


def _spans(mentions: list[_Mention]) -> tuple[Span, ...]:
    return tuple(sorted({(m.part, m.start, m.end) for m in mentions}))
