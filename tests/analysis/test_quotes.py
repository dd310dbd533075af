import pytest

from articles.analysis.quotes import find_quotes
from articles.analysis.types import ActorSuggestion, Document


def quotes(*parts: str, language: str = "fr", actors: tuple[ActorSuggestion, ...] = ()):
    return find_quotes(Document(parts=("", *parts), language=language), actors)


@pytest.mark.parametrize(
    ("text", "language", "quote", "speaker"),
    [
        (
            "Umerov a écrit sur l'application Telegram : \"Nous avons convenu de poursuivre "
            'notre travail commun".',
            "fr",
            "Nous avons convenu de poursuivre notre travail commun",
            "Umerov",
        ),
        (
            "« Nous continuons de chercher des survivants », a déclaré Serhiy Lysak, chef de "
            "l'administration régionale.",
            "fr",
            "Nous continuons de chercher des survivants",
            "Serhiy Lysak",
        ),
        (
            "Le secrétaire d'État américain Marco Rubio a déclaré : « Il n'y a pas d'accord de "
            "paix sans l'Ukraine. »",
            "fr",
            "Il n'y a pas d'accord de paix sans l'Ukraine.",
            "Marco Rubio",
        ),
        (
            "« Nos héros sont de retour à la maison », s'est félicité le président ukrainien "
            "Volodymyr Zelensky.",
            "fr",
            "Nos héros sont de retour à la maison",
            "Volodymyr Zelensky",
        ),
        (
            "Olexiy Kulyba, vice-premier ministre, a écrit sur Telegram : « La Russie a mené "
            "une attaque par missile ».",
            "fr",
            "La Russie a mené une attaque par missile",
            "Olexiy Kulyba",
        ),
        (
            "Interrogé sur ces frappes, le porte-parole du Kremlin, Dmitri Peskov, a répété que "
            "Moscou restait « ouvert au dialogue ».",
            "fr",
            "ouvert au dialogue",
            "Dmitri Peskov",
        ),
        (
            "La Russie n'a pas encore répondu, Poutine déclarant que « la balle est dans le camp "
            "de Kiev ».",
            "fr",
            "la balle est dans le camp de Kiev",
            "Poutine",
        ),
        (
            "« Nous avons fait preuve de souplesse », selon un responsable du mouvement, Bassem "
            "Naïm.",
            "fr",
            "Nous avons fait preuve de souplesse",
            "Bassem Naïm",
        ),
        (
            '"Both sides have agreed to stay at the table," U.S. envoy Tom Perriello told '
            "reporters.",
            "en",
            "Both sides have agreed to stay at the table,",
            "Tom Perriello",
        ),
        (
            '"We will not rest until every hostage is home," said Israeli Prime Minister '
            "Benjamin Netanyahu.",
            "en",
            "We will not rest until every hostage is home,",
            "Benjamin Netanyahu",
        ),
        (
            'Sadovyi wrote on Telegram: "This is a night of terror for Lviv."',
            "en",
            "This is a night of terror for Lviv.",
            "Sadovyi",
        ),
        (
            "“This was a deliberate attack on families,” a local official said.",
            "en",
            "This was a deliberate attack on families,",
            "a local official",
        ),
    ],
)
def test_the_speaker_is_read_around_the_quote(text, language, quote, speaker):
    """Speakers are found before ("X a déclaré :") or after ("», a déclaré X", "said X")."""
    (found,) = quotes(text, language=language)
    assert (found.text, found.speaker) == (quote, speaker)


def test_a_pronoun_stands_for_the_last_speaker():
    """ "Il a ajouté" and "he said" refer to the speaker named before."""
    found = quotes(
        "Rubio a déclaré : \"Il n'y a pas d'accord de paix sans l'Ukraine\".",
        'Il a ajouté : "Nous ne pouvons pas forcer l\'Ukraine à faire un accord".',
    )
    assert [quote.speaker for quote in found] == ["Rubio", "Rubio"]
    found = quotes(
        "Manager Mikel Arteta said the team had shown patience. "
        '"We kept attacking, we kept believing," he said.',
        language="en",
    )
    assert [quote.speaker for quote in found] == ["Mikel Arteta"]


def test_a_pronoun_stands_for_the_last_speaker_a_sentence_names():
    """A sentence without quotes may name the speaker a later "il" stands for; one that names
    nobody leaves the last speaker as it was."""
    said_by_rubio = "« Nous voulons la paix », a déclaré Marco Rubio."
    lavrov = "Le ministre Sergueï Lavrov a affirmé mardi que Moscou restait prête à discuter."
    no_one = "Les combats ont continué dans la nuit."
    added = "« Rien n'est décidé », a-t-il ajouté."
    found = quotes(said_by_rubio, f"{lavrov} {no_one}", added)
    assert [quote.speaker for quote in found] == ["Marco Rubio", "Sergueï Lavrov"]
    found = quotes(said_by_rubio, no_one, added)
    assert [quote.speaker for quote in found] == ["Marco Rubio", "Marco Rubio"]
    assert [quote.speaker for quote in quotes(lavrov, no_one, added)] == ["Sergueï Lavrov"]


def test_a_paragraph_ending_with_a_colon_introduces_the_next_quote():
    """ "X a déclaré :" at the end of a paragraph credits the quote that makes the next one."""
    found = quotes(
        "Le maire de Kharkiv, Igor Terekhov, a déclaré :",
        "« Il y avait plus de deux cents personnes dans le magasin. »",
    )
    assert [quote.speaker for quote in found] == ["Igor Terekhov"]


def test_a_quote_that_goes_on_keeps_its_speaker():
    """A second quote after the attribution, in the same paragraph, has the same speaker."""
    found = quotes(
        '"Our members have had enough," Sharon Graham said. "This strike will hit hard."',
        language="en",
    )
    assert [quote.speaker for quote in found] == ["Sharon Graham", "Sharon Graham"]


@pytest.mark.parametrize(
    "text",
    [
        "Moscou les considère comme des « cibles légitimes ».",
        "L'armée a effectué des « tirs de sommation » vers la foule.",
        'The talks were "very constructive", he said.',
        "Les syndicats veulent « frapper fort ».",
    ],
)
def test_scare_quotes_are_not_quotes(text):
    """A few words in quotes set in a noun phrase are not speech."""
    assert quotes(text) == ()


def test_a_short_quoted_paragraph_is_a_heading_not_a_quote():
    """A part that is only a few quoted words is a sub-heading in quotes."""
    assert quotes('"Annexion totale de l\'Ukraine"') == ()


def test_speakers_become_actors_through_their_mentions():
    """A speaker whose words hold an actor's mention is that actor, named canonically."""
    text = "« Nous continuons les recherches », a déclaré le gouverneur Ivan Fedorov."
    start = text.index("Ivan")
    actor = ActorSuggestion(
        name="Ivan Fedorov", kind="person", key="ivan-fedorov", mentions=((1, start, start + 12),)
    )
    kremlin = ActorSuggestion(name="Kremlin", kind="organisation", key="kremlin")
    (found,) = quotes(text, actors=(kremlin, actor))
    assert (found.speaker, found.actor_key) == ("Ivan Fedorov", "ivan-fedorov")


def test_a_surname_finds_its_actor_without_a_mention():
    """A speaker named by surname only matches the actor of that surname."""
    actor = ActorSuggestion(name="Marco Rubio", kind="person", key="marco-rubio")
    (found,) = quotes(
        "Rubio a déclaré : \"Il n'y a pas d'accord de paix sans Kiev\".", actors=(actor,)
    )
    assert (found.speaker, found.actor_key) == ("Marco Rubio", "marco-rubio")


def test_an_unknown_speaker_keeps_the_words_of_the_story():
    """Without a matching actor the speaker is the raw name and the key is None."""
    (found,) = quotes("« La situation est sous contrôle », a affirmé le lieutenant Jules Ngongo.")
    assert (found.speaker, found.actor_key) == ("Jules Ngongo", None)


def test_the_span_points_at_the_quoted_words():
    """The span gives the part and the offsets of the text inside the quotation marks."""
    text = "Il a dit : « Nous tiendrons jusqu'au bout » hier."
    (found,) = quotes(text)
    part, start, end = found.span
    assert (part, text[start:end]) == (1, "Nous tiendrons jusqu'au bout")


def test_a_quote_without_speaker_is_kept_without_one():
    """A quote nobody is credited with keeps a None speaker."""
    (found,) = quotes("« Plus jamais ça » : tel est le mot d'ordre des manifestants.")
    assert found.text == "Plus jamais ça"
    assert found.speaker is None


@pytest.mark.corpus
def test_the_seed_quotes_are_credited(shared_corpus):
    """In the seed, Umerov, Rubio, Putin, Zelensky and Kulyba speak."""
    text = (shared_corpus / "000_233ebc2d8d2964aa.txt").read_text(encoding="utf-8")
    paragraphs = tuple(block.strip() for block in text.split("\n\n") if block.strip())
    found = find_quotes(Document(parts=paragraphs), ())
    speakers = [quote.speaker for quote in found]
    assert speakers[0] == "Umerov"
    assert {"Rubio", "Poutine", "Zelensky", "Olexiy Kulyba"} <= set(speakers)
    assert all(len(quote.text.split()) >= 3 for quote in found)
