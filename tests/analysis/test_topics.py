import json

import pytest

from articles.analysis.topics import (
    default_topic_rules,
    is_background,
    load_topic_data,
    suggest_topics,
)
from articles.analysis.types import Document, TopicRule


def slugs(text: str, language: str = "fr", title: str = "") -> set[str]:
    doc = Document(parts=(title, text), language=language)
    return {suggestion.slug for suggestion in suggest_topics(doc, default_topic_rules())}


@pytest.mark.parametrize(
    ("text", "language", "present", "absent"),
    [
        (
            "Une frappe de drone russe a touché un immeuble de Kharkiv dans la nuit, "
            "endommageant plusieurs étages.",
            "fr",
            {"strikes"},
            {"negotiations"},
        ),
        (
            "Des missiles et des drones ont été tirés sur Kiev ; la défense antiaérienne en a "
            "abattu la plupart.",
            "fr",
            {"strikes"},
            set(),
        ),
        (
            "An Israeli air strike hit a house in Rafah overnight, and shelling continued in "
            "the north.",
            "en",
            {"strikes"},
            {"negotiations"},
        ),
        (
            "Une frappe turque a visé un village du nord de l'Irak.",
            "fr",
            {"strikes"},
            set(),
        ),
        (
            "Jordanian strikes targeted a smuggling route near the border.",
            "en",
            {"strikes"},
            set(),
        ),
        (
            "The Belgian strike by rail workers shut every station, the unions said.",
            "en",
            set(),
            {"strikes"},
        ),
        (
            "Les conducteurs de bus sont en grève depuis lundi ; les syndicats promettent "
            "de frapper fort jusqu'à la fin du mois.",
            "fr",
            set(),
            {"strikes"},
        ),
        (
            "Dockworkers went on strike on Monday and pickets gathered at the gates; the union "
            "says the walkout will last a week.",
            "en",
            set(),
            {"strikes"},
        ),
        (
            "Sa frappe du gauche a fini dans la lucarne, le gardien n'a rien pu faire et le "
            "match a basculé juste avant la mi-temps.",
            "fr",
            set(),
            {"strikes", "casualties"},
        ),
        (
            "The striker's late strike beat the goalkeeper and won the match; a defender went "
            "off with a hamstring injury.",
            "en",
            set(),
            {"strikes", "casualties"},
        ),
        (
            "Le port rouvre lundi. Il avait été bombardé en 2022 : une frappe de missile avait "
            "alors fait 37 morts.",
            "fr",
            set(),
            {"strikes", "casualties"},
        ),
        (
            "Les pourparlers de paix ont repris à Genève sous l'égide d'un médiateur ; les "
            "délégations négocient un cessez-le-feu.",
            "fr",
            {"negotiations"},
            {"strikes"},
        ),
        (
            "Negotiators from both sides resumed talks in Doha on a ceasefire and a prisoner "
            "exchange.",
            "en",
            {"negotiations"},
            set(),
        ),
        (
            "Le gouvernement a appelé au dialogue et se dit prêt à négocier un jour.",
            "fr",
            set(),
            {"negotiations"},
        ),
        (
            "The minister said Vienna would remain open to talks with Tehran.",
            "en",
            set(),
            {"negotiations"},
        ),
        (
            "Après deux semaines de grève, direction et syndicats ont repris les négociations "
            "salariales et discuté d'un accord sur les salaires.",
            "fr",
            {"negotiations"},
            {"strikes"},
        ),
        (
            "Quatre habitants ont péri et six autres ont été blessés dans le bombardement du pont.",
            "fr",
            {"casualties", "strikes"},
            set(),
        ),
        (
            "Five people were killed and a dozen injured when the missile struck the station.",
            "en",
            {"casualties", "strikes"},
            set(),
        ),
        (
            "Des drones ont visé un dépôt de carburant, qui a pris feu ; l'attaque n'a fait "
            "aucune victime, selon le maire.",
            "fr",
            {"strikes"},
            {"casualties"},
        ),
        (
            "Air defences shot down all the drones and no one was hurt, officials said.",
            "en",
            {"strikes"},
            {"casualties"},
        ),
        (
            "La guerre a fait des dizaines de milliers de morts depuis 2022, selon l'ONU. "
            "La banque centrale a laissé ses taux inchangés.",
            "fr",
            set(),
            {"casualties", "strikes"},
        ),
        (
            "La banque centrale suédoise a relevé son taux directeur ; la couronne s'est "
            "appréciée face à l'euro.",
            "fr",
            set(),
            {"negotiations", "strikes", "casualties"},
        ),
    ],
)
def test_topics_follow_the_annotation_rules(text, language, present, absent):
    """Military attacks, talks and victims are tagged; labour strikes, sport, recalls,
    wishes and running war totals are not."""
    found = slugs(text, language)
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("en 2014, la crimee a ete annexee", True),
        ("in february 2022 russia invaded", True),
        ("l'an dernier, le port avait ete frappe", True),
        ("depuis le debut de la guerre, 10 000 civils ont ete tues", True),
        ("the conflict has killed thousands of civilians", True),
        ("the attack of october 7, 2023 killed 1,200 people", True),
        ("it was the deadliest strike since the invasion", True),
        ("sept personnes ont ete tuees vendredi soir", False),
        ("45 people were killed in the past 24 hours", False),
        ("the toll rose to 12 on thursday", False),
    ],
)
def test_background_is_told_by_its_markers(sentence, expected):
    """Years, "last year", "since the war began" and running totals mark background."""
    assert is_background(sentence) is expected


def test_the_sections_that_carry_a_topic_are_reported():
    """Each sub-headed section is scored alone, so separate events keep their own topics."""
    doc = Document(
        parts=(
            "Talks in Istanbul, strike on Sumy",
            "Delegations met in Istanbul while a missile hit Sumy.",
            "The talks",
            "Negotiators discussed a ceasefire and a prisoner exchange; mediators shuttled "
            "between the delegations.",
            "The strike",
            "A ballistic missile struck a recruitment centre; the attack killed two soldiers "
            "and wounded four civilians.",
        ),
        language="en",
        headings=frozenset({2, 4}),
    )
    topics = {
        suggestion.slug: suggestion for suggestion in suggest_topics(doc, default_topic_rules())
    }
    assert topics["negotiations"].sections == (2,)
    assert topics["strikes"].sections == (4,)
    assert topics["casualties"].sections == (4,)


def test_evidence_quotes_the_text_as_written():
    """Evidence holds the matched phrases with their accents and case, strongest first seen."""
    doc = Document(
        parts=("", "Les négociations ont repris ; les pourparlers dureront trois jours.")
    )
    (suggestion,) = suggest_topics(doc, default_topic_rules())
    assert suggestion.slug == "negotiations"
    assert suggestion.evidence == ("négociations", "pourparlers")
    assert suggestion.score >= 3


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("negoci*", "Ils négocient depuis l'aube.", True),
        ("frappe", "Plusieurs frappes ont visé la ville.", True),
        ("frappe", "Il frappait à la porte.", False),
        ("attaque * drone*", "Une attaque de drones a visé Odessa.", True),
        ("cessez-le-feu", "Un cessez-le-feu est entré en vigueur.", True),
        ("cessez-le-feu", "Cessez le feu immédiatement !", True),
        ("#num morts", "On compte 12 morts.", True),
        ("#year", "Le plan 2026 est prêt.", True),
        ("#num morts", "On compte douze morts.", True),
        ("#num morts", "On compte les morts.", False),
        ("frappe* #demonym", "Des frappes soudanaises ont touché le camp.", True),
        ("frappe* #demonym", "Des frappes nocturnes ont touché le camp.", False),
        ("#demonym strike*", "An Iraqi strike hit the convoy.", True),
    ],
)
def test_terms_match_words_prefixes_plurals_and_wildcards(term, text, matches):
    """Terms are folded words: "x*" a prefix, plain words take plurals, "*" any one word,
    "#num" a number in digits or words, "#year" a year, "#demonym" a word of nationality."""
    rule = TopicRule("custom", ((term, 1.0),), threshold=1.0)
    found = suggest_topics(Document(parts=("", text)), (rule,))
    assert bool(found) is matches


def test_a_longer_negative_term_hides_a_shorter_positive_one():
    """At one place the longest term wins: "heart attack" is not an attack."""
    rule = TopicRule("attacks", (("attack*", 1.0), ("heart attack", -1.0)), threshold=1.0)
    assert suggest_topics(Document(parts=("", "He died of a heart attack.")), (rule,)) == ()
    assert suggest_topics(Document(parts=("", "The attack failed.")), (rule,)) != ()


def test_editors_rules_run_like_the_shipped_ones():
    """A topic added as data is scored by the same engine, with its own threshold."""
    rule = TopicRule("elections", (("election*", 1.0), ("scrutin", 1.0), ("vote", 0.5)), 2.0)
    doc = Document(parts=("", "Le scrutin de dimanche : les élections législatives approchent."))
    (suggestion,) = suggest_topics(doc, (rule,))
    assert suggestion.slug == "elections"
    assert suggestion.score == 2.0
    assert suggest_topics(Document(parts=("", "Un vote à main levée.")), (rule,)) == ()


def test_repeated_terms_count_a_limited_number_of_times():
    """A word repeated all along a story cannot tag it alone."""
    rule = TopicRule("drones", (("drone", 1.0),), threshold=4.0)
    doc = Document(parts=("", "Un drone. " * 10))
    assert suggest_topics(doc, (rule,)) == ()


def test_the_shipped_rules_keep_the_schema_the_database_is_seeded_from():
    """topics.json is a list of slug, names, description, threshold and weighted terms."""
    data = load_topic_data()
    assert [item["slug"] for item in data] == ["negotiations", "strikes", "casualties"]
    for item in data:
        assert set(item) == {"slug", "name_fr", "name_en", "description", "threshold", "terms"}
        assert all(
            isinstance(term, str) and isinstance(weight, int | float)
            for term, weight in item["terms"]
        )
    rules = default_topic_rules()
    assert [rule.slug for rule in rules] == [item["slug"] for item in data]
    assert json.loads(json.dumps(data)) == data


def test_a_story_without_any_term_has_no_topic():
    """An empty document or one about something else gets no suggestion."""
    assert suggest_topics(Document(parts=("", "")), default_topic_rules()) == ()
    assert slugs("Il fera beau demain sur toute la France.") == set()


@pytest.mark.parametrize(
    ("text", "language", "present", "absent"),
    [
        (
            "Un convoi humanitaire a été touché par une frappe à Deir el-Balah ; l'agence "
            "réclame une enquête.",
            "fr",
            {"strikes"},
            set(),
        ),
        (
            "Des hommes armés ont mené une attaque contre la maternité de la ville, "
            "selon les médecins.",
            "fr",
            {"strikes"},
            set(),
        ),
        (
            "Des centaines de bipeurs ont explosé simultanément ; les explosions simultanées "
            "ont surpris la ville.",
            "fr",
            {"strikes"},
            set(),
        ),
        (
            "An attack on a hospital in the north was reported by the health ministry.",
            "en",
            {"strikes"},
            set(),
        ),
        (
            "Gunmen opened fire on worshippers leaving the mosque.",
            "en",
            {"strikes"},
            set(),
        ),
        (
            "La Russie se retire de l'accord sur les exportations, qui ne sera pas prolongé ; "
            "Ankara propose une médiation.",
            "fr",
            {"negotiations"},
            {"strikes"},
        ),
        (
            "Moscow suspended the export deal on Monday and withdrew from the grain deal, "
            "the foreign ministry said.",
            "en",
            {"negotiations"},
            {"strikes"},
        ),
    ],
)
def test_attacks_on_sites_and_agreements_left_are_topics(text, language, present, absent):
    """Attacks on hospitals and convoys are strikes; leaving a deal under talks is negotiations."""
    found = slugs(text, language)
    assert present <= found
    assert not absent & found
