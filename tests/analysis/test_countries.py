"""Countries a story is about, from names, places, capitals, demonyms and actors, by salience."""

from __future__ import annotations

import pytest

from articles.analysis.actors import find_actors
from articles.analysis.countries import find_countries, get_gazetteer


def codes(story, vocabulary, *paragraphs, language="fr") -> list[str]:
    doc = story(*paragraphs, language=language)
    actors = find_actors(doc, vocabulary)
    return [country.code for country in find_countries(doc, actors)]


@pytest.mark.parametrize(
    ("paragraphs", "code"),
    [
        (("L'Ukraine sous le feu", "Des missiles ont visé l'Ukraine dans la nuit."), "UA"),
        (("Gaza Strip under fire", "Air strikes hit the Gaza Strip overnight."), "PS"),
        (("Colonies en Cisjordanie", "De nouvelles colonies sont prévues en Cisjordanie."), "PS"),
        (("Sommet aux États-Unis", "Les États-Unis accueilleront le sommet."), "US"),
        (("Talks in the UK", "Britain will host the talks, the UK said."), "GB"),
        (("La Birmanie bombardée", "L'armée a bombardé le nord de la Birmanie."), "MM"),
    ],
)
def test_country_names_in_french_and_english(story, vocabulary, paragraphs, code):
    """Country names from CLDR and their usual other forms give the country."""
    assert code in codes(story, vocabulary, *paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "code"),
    [
        (("Frappe sur Kharkiv", "Un missile a touché un immeuble de Kharkiv."), "UA"),
        (("Nuit d'attaques à Zaporijjia", "Des drones ont frappé Zaporijjia."), "UA"),
        (("Explosions in Donetsk", "Shelling hit the centre of Donetsk."), "UA"),
        (("La Crimée visée", "Des drones ont visé la Crimée, selon les autorités."), "UA"),
        (("Combats à El-Facher", "Les combats se poursuivent à El-Facher."), "SD"),
        (("Raid on Khan Younis", "A strike in Khan Younis killed a family."), "PS"),
    ],
)
def test_cities_and_regions_give_their_country(story, vocabulary, paragraphs, code):
    """Cities and regions where events happen give the country they lie in."""
    assert code in codes(story, vocabulary, *paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "code"),
    [
        (("Moscou répond", "Le Kremlin a rejeté l'offre, Moscou parle de provocation."), "RU"),
        (("Kyiv responds", "Kyiv said the talks must include Europe."), "UA"),
        (("Washington hausse le ton", "La Maison Blanche a menacé de nouvelles sanctions."), "US"),
        (("Pékin proteste", "Pékin a convoqué l'ambassadeur."), "CN"),
    ],
)
def test_capitals_and_seats_of_power_stand_for_their_country(story, vocabulary, paragraphs, code):
    """Capitals and institutions (Kremlin, Maison Blanche) stand for their government."""
    assert code in codes(story, vocabulary, *paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "code"),
    [
        (("Frappes israéliennes", "L'armée israélienne a mené des frappes."), "IL"),
        (("Offensive russe", "Les troupes russes ont lancé une offensive."), "RU"),
        (
            ("Ukrainian drones strike", "Ukrainian drones hit a depot, Ukrainian officials said."),
            "UA",
        ),
        (
            ("Pourparlers américano-russes", "Les délégations américaine et russe se sont vues."),
            "US",
        ),
    ],
)
def test_demonyms_of_forces_and_authorities_count(story, vocabulary, paragraphs, code):
    """Masculine, feminine and plural demonyms, and compounds, count for their country."""
    assert code in codes(story, vocabulary, *paragraphs)


def test_odessa_is_in_ukraine_unless_texas_is_named(story, vocabulary):
    """Odessa is the Ukrainian port, unless the story names Texas."""
    ukraine = codes(story, vocabulary, "Frappe sur Odessa", "Un missile a frappé le port d'Odessa.")
    texas = codes(
        story,
        vocabulary,
        "Odessa shooting",
        "A gunman opened fire in Odessa, Texas, on Saturday.",
        "Police in Odessa said the suspect had been arrested.",
        language="en",
    )
    assert "UA" in ukraine
    assert "US" in texas and "UA" not in texas


def test_passing_mention_does_not_tag_the_story(story, vocabulary):
    """A country named once in passing is not suggested."""
    found = codes(
        story,
        vocabulary,
        "Frappes israéliennes sur Gaza",
        "L'armée israélienne a frappé la bande de Gaza dans la nuit, tuant douze personnes.",
        "Des frappes ont aussi visé Rafah et Khan Younès, selon la Défense civile.",
        "Comme en Ukraine, les infrastructures civiles sont touchées, note un expert.",
    )
    assert "PS" in found and "IL" in found
    assert "UA" not in found


def test_nationality_of_victims_does_not_tag_the_story(story, vocabulary):
    """People of a nationality among the victims do not make their country a party."""
    found = codes(
        story,
        vocabulary,
        "Attaque à Kharkiv",
        "Une frappe russe a tué six personnes à Kharkiv, dont deux ressortissants français.",
        "Les secours ukrainiens ont dégagé les décombres toute la nuit à Kharkiv.",
    )
    assert "UA" in found
    assert "FR" not in found


def test_host_of_talks_is_tagged(story, vocabulary):
    """The country where talks take place is concerned."""
    found = codes(
        story,
        vocabulary,
        "Pourparlers à Genève",
        "Les négociations entre l'Arménie et l'Azerbaïdjan se tiendront à Genève.",
        "À Genève, les délégations arméniennes et azerbaïdjanaises se verront lundi.",
    )
    assert {"AM", "AZ", "CH"} <= set(found)


def test_place_names_inside_peoples_names_do_not_count(story, vocabulary):
    """The words "Israel" in "Israel Katz" and "Jordan" in "Jordan Bardella" name people."""
    found = codes(
        story,
        vocabulary,
        "Déclarations",
        "Israel Katz a déclaré que l'opération continuerait. Israel Katz a ajouté un mot.",
        "Jordan Bardella a réagi. Jordan Bardella a critiqué le gouvernement.",
    )
    assert "IL" not in found
    assert "JO" not in found


def test_actors_countries_add_weight(story, vocabulary):
    """Institutions of a country that act in the story make the country more salient."""
    doc = story(
        "Déclarations",
        "Le ministère russe de la Défense a indiqué avoir abattu des drones.",
    )
    actors = find_actors(doc, vocabulary)
    with_actors = {c.code: c.score for c in find_countries(doc, actors)}
    without = {c.code: c.score for c in find_countries(doc, ())}
    assert with_actors["RU"] > without.get("RU", 0.0)


def test_suggestions_carry_mentions_and_evidence(story, vocabulary):
    """Each country comes with the spans that name it and sentences as evidence."""
    doc = story("Frappe sur Kharkiv", "Un missile russe a touché Kharkiv.")
    (ukraine,) = [c for c in find_countries(doc, ()) if c.code == "UA"]
    assert {doc.parts[p][s:e] for p, s, e in ukraine.mentions} == {"Kharkiv"}
    assert ukraine.evidence[0] == "Frappe sur Kharkiv"


def test_gazetteer_is_built_once():
    """The gazetteer is built once per process and shared."""
    assert get_gazetteer() is get_gazetteer()
    assert "ukrainiennes" in get_gazetteer().demonym_words


@pytest.mark.parametrize(
    ("paragraphs", "code", "language"),
    [
        (
            ("Nuit d'alerte à Kharkiv", "Un missile russe a touché un immeuble de Kharkiv."),
            "RU",
            "fr",
        ),
        (
            ("Raid on Khan Younis", "Israeli strikes hit tents in Khan Younis overnight."),
            "IL",
            "en",
        ),
        (
            ("Nuit agitée à Belgorod", "Des drones ukrainiens ont visé un dépôt à Belgorod."),
            "UA",
            "fr",
        ),
    ],
)
def test_demonym_of_the_attacker_tags_its_country(story, vocabulary, paragraphs, code, language):
    """A demonym on the weapon ("missile russe") means that country's forces attacked."""
    assert code in codes(story, vocabulary, *paragraphs, language=language)


@pytest.mark.parametrize(
    ("paragraphs", "code", "language"),
    [
        (
            (
                "Grève à la SNCF",
                "Les cheminots de la SNCF cessent le travail jeudi.",
                "La direction de la SNCF prévoit un train sur deux.",
            ),
            "FR",
            "fr",
        ),
        (
            (
                "Bank of England holds rates",
                "The Bank of England kept its main rate unchanged on Thursday.",
            ),
            "GB",
            "en",
        ),
    ],
)
def test_story_without_places_takes_its_institutions_country(
    story, vocabulary, paragraphs, code, language
):
    """A domestic story that names no place is about the country of the institutions acting."""
    assert codes(story, vocabulary, *paragraphs, language=language) == [code]


def test_country_named_in_one_body_sentence_only_is_passing(story, vocabulary):
    """A country named twice in a single background sentence of the body is not coded."""
    found = codes(
        story,
        vocabulary,
        "Missiles sur Aden",
        "Les rebelles ont tiré deux missiles sur un navire au large d'Aden, au Yémen.",
        "Le Yémen est en guerre depuis dix ans.",
        "Ils disent agir en soutien aux Palestiniens de Gaza et de la Palestine.",
    )
    assert "YE" in found
    assert "PS" not in found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Le Golfe d'Aden reste sous tension.", "AO"),
        ("Central banks met in Basel.", "CF"),
        ("Central bankers met in Basel; the African Union sent an observer.", "CF"),
        ("North winds slowed the rescue; Korean Air cancelled flights.", "KP"),
    ],
)
def test_common_words_and_split_demonyms_name_no_country(text, absent):
    """Place names that are common words, and halves of two-word demonyms, are not countries."""
    found = {
        place.code
        for _, _, places in get_gazetteer().matcher.find(text.lower())
        for place in places
    }
    assert absent not in found
