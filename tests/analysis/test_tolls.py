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
        ("Sept personnes ont été tuées et environ 15 blessées.", "fr", 7, 15),
        ("Quarante-deux morts et vingt et un blessés ont été recensés.", "fr", 42, 21),
        ("Fourteen people were killed and twenty-one wounded.", "en", 14, 21),
        ("L'explosion a fait douze morts.", "fr", 12, None),
        ("Une personne a été tuée et une autre blessée.", "fr", 1, 1),
        ("One person was killed and another was seriously injured.", "en", 1, 1),
        ("A man was killed and dozens of people were wounded.", "en", 1, None),
        # Verbs before the number, tolls completed by it.
        ("Le tir a tué trois soldats et blessé huit civils.", "fr", 3, 8),
        ("The shelling killed six people and wounded eleven.", "en", 6, 11),
        ("Tuant un homme de 70 ans et blessant quatre autres personnes.", "fr", 1, 4),
        ("Le bilan s'élève à 8 morts et 31 blessés.", "fr", 8, 31),
        ("The death toll rose to 12 on Thursday.", "en", 12, None),
        ("La frappe a coûté la vie à cinq civils.", "fr", 5, None),
        ("Onze personnes ont trouvé la mort et 19 ont été blessées.", "fr", 11, 19),
        ("An 81-year-old man was killed and a nurse was wounded.", "en", 1, 1),
        ("Un autre jeune homme, âgé de 19 ans, a été grièvement blessé.", "fr", None, 1),
        ("Un enseignant a été tué et un agent de sécurité grièvement blessé.", "fr", 1, 1),
        # Combatants and civilians, listed together.
        ("Deux soldats et trois civils ont été tués.", "fr", 5, None),
        ("Two Lebanese soldiers and a civilian were killed.", "en", 3, None),
        ("Sept tués à Odessa et trois à Kharkiv.", "fr", 10, None),
        ("Killing 13 soldiers and wounding 10 others as well as 19 civilians.", "en", 13, 29),
        # Approximate figures and ranges: the lower bound.
        ("Au moins 23 villageois ont été tués.", "fr", 23, None),
        ("More than 40 people were wounded.", "en", None, 40),
        ("Entre 10 et 12 personnes ont été tuées.", "fr", 10, None),
        ("Air strikes killed between 30 and 35 people.", "en", 30, None),
        ("Une vingtaine de blessés ont été transportés à l'hôpital.", "fr", None, 20),
        # Subtotals are never added.
        ("Vingt et un civils, dont huit enfants, ont été tués.", "fr", 21, None),
        ("Dix-sept blessés ; quatorze d'entre eux ont été hospitalisés.", "fr", None, 17),
        ("It killed 18 people, including four children.", "en", 18, None),
        ("A child was among the dead.", "en", None, None),
        ("Deux employés figuraient parmi les victimes tuées.", "fr", None, None),
        # Updated tolls replace the earlier figure.
        (
            "Le bilan s'est alourdi à 25 morts. Un précédent bilan faisait état de 19 morts.",
            "fr",
            25,
            None,
        ),
        ("The toll rose to 12, up from nine reported earlier.", "en", 12, None),
        ("Le bilan est passé de 19 à 25 morts.", "fr", 25, None),
        ("Le bilan est passé à 14 morts, contre 9 annoncés précédemment.", "fr", 14, None),
        # Numbers that are not tolls.
        ("Les défenses ont abattu 41 drones et 12 missiles.", "fr", None, None),
        ("Une femme de 45 ans, blessée, a été hospitalisée.", "fr", None, 1),
        ("Le missile a touché un immeuble de neuf étages vers 7 heures.", "fr", None, None),
        ("Russia fired 52 missiles and 300 drones; 2 people were killed.", "en", 2, None),
        ("Ils ont libéré 84 prisonniers et 4 otages.", "fr", None, None),
        # Vague words give nothing.
        ("Plusieurs civils ont été tués et de nombreux autres blessés.", "fr", None, None),
        ("Dozens of people were killed, hundreds injured.", "en", None, None),
        # Background, running totals and enemy losses are left out.
        ("Depuis le début de la guerre, plus de 10 000 civils ont été tués.", "fr", None, None),
        ("The war has killed more than 150,000 people since April 2023.", "en", None, None),
        ("En 2022, une frappe sur le théâtre avait fait 300 morts.", "fr", None, None),
        ("L'armée affirme avoir tué 200 soldats ennemis.", "fr", None, None),
        ("Pakistan's military said it had killed 30 militants.", "en", None, None),
        ("Security forces later killed 14 militants in the area.", "en", None, None),
        ("Moscou affirme que l'armée ukrainienne a perdu 1 300 militaires.", "fr", None, None),
        ("No one was hurt in the attack.", "en", None, None),
        ("Last week, a missile strike on the city killed 34 people.", "en", None, None),
        ("Plus de 300 personnes ont été tuées depuis la trêve.", "fr", None, None),
        (
            "Kiev a reçu les corps de 1 000 soldats tués, en échange de 19 dépouilles.",
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
    found = toll("Nine people, including two children, remain missing; 26 were killed.", "en")
    assert (found.killed, found.missing) == (26, 9)


def test_a_toll_repeated_in_the_lede_and_the_body_is_counted_once():
    """The same incident told twice (same number, same place) is one incident."""
    doc = Document(
        parts=(
            "Sept morts dans une frappe sur Odessa",
            "Sept personnes ont été tuées lors d'un bombardement russe sur le port d'Odessa.",
            "Des responsables ont déclaré que sept personnes avaient été tuées et environ 15 "
            "blessées à Odessa.",
            "« Sept personnes ont été tuées », a écrit le gouverneur.",
        )
    )
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (7, 15)


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
            "Strikes kill 18 across Gaza",
            "Strikes killed 18 people across Gaza on Tuesday.",
            "In Khan Younis, eleven people were killed.",
            "In Gaza City, seven people died. Four of the dead were children.",
        ),
        language="en",
    )
    assert find_toll(doc).killed == 18


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
            "At least 12 people were killed in Indian shelling in Pakistani Kashmir.",
            "India's army said three of its soldiers and 10 civilians had been killed in the "
            "Poonch district.",
        ),
        language="en",
    )
    assert find_toll(doc).killed == 25


def test_an_incident_told_apart_is_added_to_a_lede_about_one_incident():
    """ "Une autre frappe" in the body is another incident than the lede's single strike."""
    doc = Document(
        parts=(
            "",
            "Seize personnes ont été tuées et 40 blessées dans une frappe sur un hypermarché.",
            "Le maire a décrit des scènes de chaos.",
            "Dans la soirée, une autre frappe a touché un immeuble, blessant 12 personnes.",
        )
    )
    found = find_toll(doc)
    assert (found.killed, found.wounded) == (16, 52)


def test_an_incident_told_apart_is_not_added_to_a_lede_total():
    """A lede that sums several strikes already holds the incidents the body details."""
    doc = Document(
        parts=(
            "",
            "Au moins 35 personnes ont été tuées dans des frappes sur la bande de Gaza.",
            "À Jabalia, une frappe a tué 14 membres d'une même famille.",
            "Une autre frappe a visé une école à Khan Younis, faisant 9 morts.",
        )
    )
    assert find_toll(doc).killed == 35


def test_evidence_and_attribution_are_kept():
    """The sentences behind the figures are kept, with who gave them."""
    found = toll(
        "Des responsables ukrainiens ont déclaré que sept personnes avaient été tuées. "
        "Le port a été fermé."
    )
    assert found.evidence == (
        "Des responsables ukrainiens ont déclaré que sept personnes avaient été tuées.",
    )
    assert found.attributed_to == "Des responsables ukrainiens ont déclaré"
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
