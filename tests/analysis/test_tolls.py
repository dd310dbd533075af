import json
import re
from pathlib import Path

import pytest

from articles.analysis.numbers import find_numbers
from articles.analysis.text import fold
from articles.analysis.tolls import find_toll
from articles.analysis.topics import default_topic_rules, suggest_topics
from articles.analysis.types import Document

STORIES = Path(__file__).resolve().parent / "stories"
GOLD = json.loads((STORIES / "gold.json").read_text(encoding="utf-8"))


def toll(text: str, language: str = "fr", title: str = ""):
    return find_toll(Document(parts=(title, text), language=language))


def is_heading(block: str) -> bool:
    """A short block that ends no sentence, or is only a short quote, is a sub-heading."""
    bare = block.strip('"«»“” ')
    is_quoted_line = bare != block and "." not in bare
    return len(block) <= 90 and (block[-1] not in '.!?:;»"”' or is_quoted_line)


def read_story(path: Path, language: str) -> Document:
    """Read a story file: title line, blank line, paragraphs; lines before the lede dropped."""
    title, _, text = path.read_text("utf-8").strip().partition("\n")
    body = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
    while len(body) > 1 and (is_heading(body[0]) or body[0] == title):
        body.pop(0)  # a rubric, a date or the title again
    return Document(
        parts=(title, *body),
        language=language,
        headings=frozenset(
            index for index, block in enumerate(body, 1) if index > 1 and is_heading(block)
        ),
    )


@pytest.mark.parametrize(
    ("text", "language", "killed", "wounded"),
    [
        # Digits and number words.
        ("Cinq habitants ont été tués et environ 18 blessés.", "fr", 5, 18),
        ("Quarante-deux morts et vingt et un blessés ont été recensés.", "fr", 42, 21),
        ("Seventeen people died and thirty-two were wounded.", "en", 17, 32),
        ("L'explosion a fait douze morts.", "fr", 12, None),
        ("Une personne a été tuée et une autre blessée.", "fr", 1, 1),
        ("A woman died and another was badly hurt.", "en", 1, 1),
        ("A farmer was killed and dozens of others were injured.", "en", 1, None),
        # Verbs before the number, tolls completed by it.
        ("Le tir a tué trois soldats et blessé huit civils.", "fr", 3, 8),
        ("The shelling killed six people and wounded eleven.", "en", 6, 11),
        ("Tuant une femme de 52 ans et blessant trois autres passagers.", "fr", 1, 3),
        ("Le bilan s'élève à 8 morts et 31 blessés.", "fr", 8, 31),
        ("The death toll rose to 12 on Thursday.", "en", 12, None),
        ("La frappe a coûté la vie à cinq civils.", "fr", 5, None),
        ("Onze personnes ont trouvé la mort et 19 ont été blessées.", "fr", 11, 19),
        ("A 67-year-old woman died and a driver was hurt.", "en", 1, 1),
        ("Une autre passante, âgée de 23 ans, a été légèrement blessée.", "fr", None, 1),
        ("Un pompier a trouvé la mort et un chauffeur a été légèrement blessé.", "fr", 1, 1),
        # Combatants and civilians, listed together.
        ("Quatre policiers et deux habitants ont péri.", "fr", 6, None),
        ("Three Syrian soldiers and a farmer died.", "en", 4, None),
        ("Sept tués à Odessa et trois à Kharkiv.", "fr", 10, None),
        # Approximate figures and ranges: the lower bound.
        ("Au moins 23 villageois ont été tués.", "fr", 23, None),
        ("More than 40 people were wounded.", "en", None, 40),
        ("Entre 15 et 20 villageois sont morts.", "fr", 15, None),
        ("Shelling killed between 8 and 11 people.", "en", 8, None),
        ("Une trentaine de blessés ont été soignés sur place.", "fr", None, 30),
        # Subtotals are never added.
        ("Trente-deux habitants, dont cinq enfants, ont péri.", "fr", 32, None),
        ("Dix-sept blessés ; quatorze d'entre eux ont été hospitalisés.", "fr", None, 17),
        ("It killed 18 people, including four children.", "en", 18, None),
        ("A child was among the dead.", "en", None, None),
        ("Deux employés figuraient parmi les victimes tuées.", "fr", None, None),
        # Updated tolls replace the earlier figure.
        (
            "Le bilan s'est alourdi à 31 morts. Le précédent bilan était de 22 tués.",
            "fr",
            31,
            None,
        ),
        ("The toll rose to 12, up from nine reported earlier.", "en", 12, None),
        ("Le bilan est passé de 19 à 25 morts.", "fr", 25, None),
        ("Le bilan atteint 17 morts, contre 11 annoncés la veille.", "fr", 17, None),
        # Numbers that are not tolls.
        ("Les défenses ont abattu 41 drones et 12 missiles.", "fr", None, None),
        ("Une femme de 45 ans, blessée, a été hospitalisée.", "fr", None, 1),
        (
            "La roquette a blessé des habitants d'une tour de cinq étages vers 22 heures.",
            "fr",
            None,
            None,
        ),
        ("Russia fired 52 missiles and 300 drones; 2 people were killed.", "en", 2, None),
        ("Ils ont libéré 84 prisonniers et 4 otages.", "fr", None, None),
        # Vague words give nothing.
        ("Plusieurs soldats sont morts et de nombreux passants ont été blessés.", "fr", None, None),
        ("Dozens of people were killed, hundreds injured.", "en", None, None),
        # Background, running totals and enemy losses are left out.
        ("Depuis le début de la guerre, plus de 10 000 civils ont été tués.", "fr", None, None),
        ("The conflict has killed more than 40,000 people since March 2021.", "en", None, None),
        ("En 2022, une frappe sur le théâtre avait fait 300 morts.", "fr", None, None),
        ("L'armée affirme avoir tué 200 soldats ennemis.", "fr", None, None),
        ("Nigeria's army said it had killed 45 insurgents.", "en", None, None),
        ("Troops then killed 21 militants near the border.", "en", None, None),
        ("Police killed at least nine jihadists in the raid.", "en", None, None),
        ("Huit insurgés ont été tués lors de l'opération.", "fr", None, None),
        ("Moscou affirme que l'armée ukrainienne a perdu 1 300 militaires.", "fr", None, None),
        ("No one was hurt in the attack.", "en", None, None),
        ("Last week, a missile strike on the city killed 34 people.", "en", None, None),
        ("Près de 90 civils sont morts depuis la trêve de janvier.", "fr", None, None),
        ("Depuis le départ des troupes étrangères, 400 civils ont été tués.", "fr", None, None),
        ("Since the withdrawal of U.S. troops, 250 people have been killed.", "en", None, None),
        ("Depuis le départ du convoi, trois personnes ont été tuées.", "fr", 3, None),
        (
            "Moscou a récupéré les corps de 500 militaires, en échange de 40 dépouilles.",
            "fr",
            None,
            None,
        ),
    ],
)
def test_tolls_are_read_from_the_words_around_numbers(text, language, killed, wounded):
    """Killed and wounded come from the grammar of the sentence, not from any number."""
    found = toll(text, language)
    assert (found.killed, found.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "language", "killed", "wounded"),
    [
        ("Six policiers ont été tués et l'armée dit avoir tué 40 jihadistes.", "fr", 6, None),
        (
            "Quatorze soldats ont été blessés, et l'armée affirme que 30 terroristes ont été "
            "neutralisés.",
            "fr",
            None,
            14,
        ),
        (
            "Nine soldiers were killed, and the army said it had killed 25 fighters in return.",
            "en",
            9,
            None,
        ),
        ("Two soldiers were wounded, while troops killed 12 militants nearby.", "en", None, 2),
    ],
)
def test_a_claim_of_enemy_dead_leaves_the_rest_of_the_sentence(text, language, killed, wounded):
    """Only the clause of a claim of enemy dead is set aside, not its side's own toll."""
    found = toll(text, language)
    assert (found.killed, found.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Neuf militaires sont tombés au combat.", 9, None),
        ("Deux soldates sont tombées au front, selon l'état-major.", 2, None),
        ("Un soldat est tombé au champ d'honneur et deux ont été blessés.", 1, 2),
        ("Trois gendarmes sont tombés dans une embuscade.", None, None),
    ],
)
def test_soldiers_fallen_in_combat_are_killed(text, killed, wounded):
    """ "Tombés au combat", "au front", "au champ d'honneur" count the dead; other falls do not."""
    found = toll(text)
    assert (found.killed, found.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("More than 600 people have been killed queuing for food since late May.", "en"),
        ("Since early March, 96 people have been killed in the province.", "en"),
        ("Depuis fin mars, au moins 120 civils ont été tués dans la région.", "fr"),
        ("Depuis la mi-juin, 45 personnes ont péri dans ces attaques.", "fr"),
        ("Au premier semestre, au moins 1 500 personnes ont été tuées dans le pays.", "fr"),
        ("Plus de 700 blessés ont été recensés au cours du second semestre.", "fr"),
        ("Some 2,000 people were killed in the first half of the year, the UN said.", "en"),
        ("So far this year, 310 civilians have died in such attacks.", "en"),
    ],
)
def test_running_totals_since_a_date_or_over_a_period_are_no_toll(text, language):
    """A count since part of a month ("since late May") or over a half-year is a running total."""
    found = toll(text, language)
    assert (found.killed, found.wounded) == (None, None)


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("Au moins 13 personnes ont été tuées.", True),
        ("About 15 people were wounded.", True),
        ("Entre 10 et 12 morts.", True),
        ("Une dizaine de blessés.", True),
        ("Sept personnes ont été tuées.", False),
    ],
)
def test_approximate_figures_are_flagged(text, approximate):
    """ "Au moins", "about", ranges and round figures make the toll approximate."""
    assert toll(text, "en" if text.startswith("About") else "fr").is_approximate is approximate


def test_missing_people_are_counted_apart():
    """People missing under rubble are neither killed nor wounded."""
    found = toll("Five people, including three women, are still missing; 12 died.", "en")
    assert (found.killed, found.missing) == (12, 5)


def test_a_toll_repeated_in_the_lede_and_the_body_is_counted_once():
    """The same incident told twice (same number, same place) is one incident."""
    doc = Document(
        parts=(
            "Six morts dans un bombardement à Kherson",
            "Six habitants ont péri mardi dans un bombardement sur un marché de Kherson.",
            "Selon la mairie, six personnes sont mortes et une vingtaine ont été blessées à "
            "Kherson.",
            "« Six de nos voisins sont morts », a raconté une commerçante.",
        )
    )
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (6, 20)


def test_distinct_incidents_in_different_places_are_summed():
    """Two incidents with the same figure in two places add up."""
    doc = Document(
        parts=(
            "Drone attacks overnight",
            "Russian drones struck two cities overnight.",
            "In Kharkiv, two people were killed.",
            "In Kherson, two people were killed and five wounded.",
        ),
        language="en",
    )
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (4, 5)


def test_a_lede_total_is_not_added_to_the_details_of_the_body():
    """A lede total equal to the body's incidents is their sum, not one more incident."""
    doc = Document(
        parts=(
            "Shelling kills 15 in two towns",
            "Shelling killed 15 people in two eastern towns on Sunday.",
            "In Pokrovsk, nine people died when a shell hit a bus stop.",
            "In Kostiantynivka, six people were killed. Two of the victims were teenagers.",
        ),
        language="en",
    )
    assert find_toll(doc).killed == 15


def test_a_lede_toll_larger_than_the_body_details_wins():
    """When the body details only part of the lede's toll, the lede's figure stands."""
    doc = Document(
        parts=(
            "",
            "At least 13 people were killed in the attack on Kyiv.",
            "In the Darnytskyi district, five people died.",
        ),
        language="en",
    )
    assert find_toll(doc).killed == 13


def test_an_incident_only_in_the_lede_is_added_to_the_body():
    """A lede incident in a place the body never names is another incident."""
    doc = Document(
        parts=(
            "",
            "At least six people died in artillery fire on villages near Tessalit.",
            "The ministry said two of its guards and 5 herders had been killed in an ambush "
            "near Gao.",
        ),
        language="en",
    )
    assert find_toll(doc).killed == 13


def test_an_incident_told_apart_is_added_to_a_lede_about_one_incident():
    """ "Une autre frappe" in the body is another incident than the lede's single strike."""
    doc = Document(
        parts=(
            "",
            "Neuf personnes sont mortes et 25 ont été blessées dans une frappe sur une gare.",
            "Le maire a décrit des scènes de chaos.",
            "Dans la nuit, une autre frappe a atteint un entrepôt, blessant 6 ouvriers.",
        )
    )
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (9, 31)


@pytest.mark.parametrize(
    ("lede", "apart", "language", "wounded"),
    [
        (
            "Four people were wounded when a missile hit a market in Sloviansk on Tuesday.",
            "Earlier on Tuesday, a drone attack on the village of Lyman wounded two people.",
            "en",
            6,
        ),
        (
            "A guided bomb wounded nine people in the centre of Zaporizhzhia, the governor said.",
            "Earlier in the day, shelling in the town of Orikhiv wounded three women.",
            "en",
            12,
        ),
        (
            "Eleven people were wounded in an air strike on a hospital in Omdurman, medics said.",
            "Earlier that day, shelling hit a camp near El Fasher, wounding four people.",
            "en",
            15,
        ),
        (
            "Six people were wounded by a drone strike on a bus in Kherson, officials said.",
            "The day before, a strike on the suburb of Antonivka wounded two people.",
            "en",
            8,
        ),
        (
            "Une frappe de missile a blessé cinq personnes dans un marché de Soumy, dit le maire.",
            "Plus tôt dans la journée, un drone avait blessé deux habitants à Bilopillia.",
            "fr",
            7,
        ),
        (
            "Huit personnes ont été blessées par un bombardement sur Kramatorsk, selon la police.",
            "La veille, une attaque de drones avait blessé trois civils à Droujkivka.",
            "fr",
            11,
        ),
    ],
)
def test_an_incident_earlier_the_same_day_is_added_to_a_lede_about_one_incident(
    lede, apart, language, wounded
):
    """ "Earlier on Tuesday", "la veille": the body tells of an incident the lede leaves out."""
    doc = Document(
        parts=("", lede, "Rescuers searched the rubble into the night.", apart),
        language=language,
    )
    assert find_toll(doc).wounded == wounded


@pytest.mark.parametrize(
    ("text", "language", "killed", "wounded"),
    [
        ("Killing six guards and wounding four others as well as nine pilgrims.", "en", 6, 13),
        ("The blast wounded two soldiers as well as five children.", "en", None, 7),
        ("L'explosion a blessé trois policiers ainsi que huit passagers.", "fr", None, 11),
        ("Tuant deux militaires ainsi que quatre civils.", "fr", 6, None),
    ],
)
def test_numbers_joined_by_as_well_as_are_one_list(text, language, killed, wounded):
    """ "As well as" and "ainsi que" join the numbers of one list of victims, like "and"."""
    found = toll(text, language)
    assert (found.killed, found.wounded) == (killed, wounded)


def test_an_incident_told_apart_is_not_added_to_a_lede_total():
    """A lede that sums several strikes already holds the incidents the body details."""
    doc = Document(
        parts=(
            "",
            "Au moins 28 personnes sont mortes dans des frappes sur le sud du Liban.",
            "À Nabatiyé, un raid a tué 11 habitants d'un immeuble.",
            "Une autre frappe a visé un marché à Tyr, faisant 6 morts.",
        )
    )
    assert find_toll(doc).killed == 28


def test_evidence_and_attribution_are_kept():
    """The sentences behind the figures are kept, with who gave them."""
    found = toll(
        "Des élus locaux ont affirmé que quatre passagers avaient péri. La gare a été fermée."
    )
    assert found.evidence == ("Des élus locaux ont affirmé que quatre passagers avaient péri.",)
    assert found.attributed_to == "Des élus locaux ont affirmé"
    assert toll("Deux civils ont été tués, selon les autorités locales.").attributed_to == (
        "selon les autorités locales"
    )
    assert toll("Two people were killed, Ukrainian officials said.", "en").attributed_to == (
        "Ukrainian officials said"
    )


def test_a_story_without_victims_has_an_empty_toll():
    """No figure at all gives nulls and no evidence."""
    found = toll("La Banque centrale a laissé ses taux inchangés à 2 %.")
    assert found.killed is found.wounded is found.missing is None
    assert found.evidence == ()


@pytest.mark.parametrize(
    ("text", "language", "values"),
    [
        ("sept personnes et quarante-deux autres", "fr", [7, 42]),
        ("vingt et un morts, cent vingt-trois blessés", "fr", [21, 123]),
        ("trois cent mille habitants, 1 300 soldats, 2,5 millions", "fr", [300000, 1300, 1000000]),
        ("twenty-one dead and one hundred and five wounded", "en", [21, 105]),
        ("1,300 troops and 10 to 12 killed", "en", [1300, 10]),
        ("entre 10 et 12 morts, des dizaines de blessés", "fr", [10]),
        ("une dizaine de maisons, a dozen cars", "fr", [10]),
        ("a dozen cars and a man", "en", [12, 1]),
    ],
)
def test_numbers_are_read_in_digits_and_in_words(text, language, values):
    """Number words count like digits; ranges keep their lower bound; "dozens" is no number."""
    assert [number.value for number in find_numbers(fold(text), text, language)] == values


@pytest.mark.parametrize("entry", GOLD, ids=[entry["file"] for entry in GOLD])
def test_development_stories_match_their_gold(entry):
    """Every story of the development set gets its annotated toll and topics."""
    doc = read_story(STORIES / entry["file"], entry["lang"])
    found = find_toll(doc)
    topics = {suggestion.slug for suggestion in suggest_topics(doc, default_topic_rules())}
    assert (found.killed, found.wounded) == (entry["killed"], entry["wounded"])
    assert topics == set(entry["topics"])


def test_the_development_set_is_large_and_varied():
    """The set holds at least twenty stories, in both languages, with and without tolls."""
    assert len(GOLD) >= 20
    assert {entry["lang"] for entry in GOLD} == {"fr", "en"}
    assert any(entry["killed"] is None for entry in GOLD)
    assert any(not entry["topics"] for entry in GOLD)
    assert all((STORIES / entry["file"]).exists() for entry in GOLD)


@pytest.mark.corpus
def test_the_seed_story_gets_its_gold(shared_corpus):
    """The seed: talks, a drone strike and a missile strike with 7 killed and 15 wounded."""
    (entry,) = json.loads((shared_corpus / "gold.json").read_text(encoding="utf-8"))
    doc = read_story(shared_corpus / entry["file"], entry["lang"])
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (entry["killed"], entry["wounded"])
    assert found.is_approximate
    assert found.attributed_to == "Des responsables ukrainiens ont déclaré"
    topics = {
        suggestion.slug: suggestion for suggestion in suggest_topics(doc, default_topic_rules())
    }
    assert set(topics) == set(entry["topics"])
    odessa = next(index for index, part in enumerate(doc.parts) if part.endswith("à Odessa"))
    assert odessa in topics["casualties"].sections
    assert odessa in topics["strikes"].sections
