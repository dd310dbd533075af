import pytest

from articles.analysis.quotes import find_quotes
from articles.analysis.types import ActorSuggestion, Document


def quotes(*parts: str, language: str = "fr", actors: tuple[ActorSuggestion, ...] = ()):
    return find_quotes(Document(parts=("", *parts), language=language), actors)


@pytest.mark.parametrize(
    ("text", "language", "quote", "speaker"),
    [
        (
            'Haddad a écrit sur la messagerie Telegram : "Nous avons décidé de rouvrir le '
            'poste-frontière demain".',
            "fr",
            "Nous avons décidé de rouvrir le poste-frontière demain",
            "Haddad",
        ),
        (
            "« Les équipes travaillent sans relâche depuis l'aube », a déclaré Petro Hrytsenko, "
            "chef des secours de la ville.",
            "fr",
            "Les équipes travaillent sans relâche depuis l'aube",
            "Petro Hrytsenko",
        ),
        (
            "Le ministre allemand des Affaires étrangères Karl Berger a déclaré : « Aucune "
            "décision ne sera prise sans nos partenaires. »",
            "fr",
            "Aucune décision ne sera prise sans nos partenaires.",
            "Karl Berger",
        ),
        (
            "« Nos pêcheurs sont rentrés sains et saufs », s'est félicité le président "
            "sénégalais Amadou Fall.",
            "fr",
            "Nos pêcheurs sont rentrés sains et saufs",
            "Amadou Fall",
        ),
        (
            "Iryna Bondar, ministre de l'Énergie, a écrit sur Telegram : « Le réseau a été "
            "touché dans trois régions ».",
            "fr",
            "Le réseau a été touché dans trois régions",
            "Iryna Bondar",
        ),
        (
            "Questionné sur la trêve, le porte-parole du gouvernement, Marc Olivier, a assuré "
            "que Paris restait « prêt à aider ».",
            "fr",
            "prêt à aider",
            "Marc Olivier",
        ),
        (
            "Le Hamas n'a pas encore tranché, Netanyahou déclarant que « le temps joue contre "
            "les otages ».",
            "fr",
            "le temps joue contre les otages",
            "Netanyahou",
        ),
        (
            "« Aucune date n'a été fixée », selon un dirigeant du syndicat, Hervé Martin.",
            "fr",
            "Aucune date n'a été fixée",
            "Hervé Martin",
        ),
        (
            '"We expect an answer by Friday," EU envoy Anna Lindqvist told reporters.',
            "en",
            "We expect an answer by Friday,",
            "Anna Lindqvist",
        ),
        (
            '"Our door remains open," said Hungarian Prime Minister Gabor Nemeth.',
            "en",
            "Our door remains open,",
            "Gabor Nemeth",
        ),
        (
            'Koval wrote on Telegram: "Power is back in most districts."',
            "en",
            "Power is back in most districts.",
            "Koval",
        ),
        (
            "“Nobody expected the river to rise so fast,” a regional official said.",
            "en",
            "Nobody expected the river to rise so fast,",
            "a regional official",
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
        'Borrell a déclaré : "Aucun accord ne se fera sans les Européens".',
        'Il a ajouté : "Nous resterons unis face aux pressions".',
    )
    assert [quote.speaker for quote in found] == ["Borrell", "Borrell"]
    found = quotes(
        "Coach Daniel Reyes said his players had stayed calm. "
        '"We never stopped pushing, not for a minute," he said.',
        language="en",
    )
    assert [quote.speaker for quote in found] == ["Daniel Reyes"]


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
        "Le maire de la ville, Pavlo Marchenko, a déclaré :",
        "« Les écoles et les crèches resteront fermées au moins jusqu'à lundi prochain. »",
    )
    assert [quote.speaker for quote in found] == ["Pavlo Marchenko"]


def test_a_quote_that_goes_on_keeps_its_speaker():
    """A second quote after the attribution, in the same paragraph, has the same speaker."""
    found = quotes(
        '"The offer is an insult," Tom Harding said. "We will not back down."',
        language="en",
    )
    assert [quote.speaker for quote in found] == ["Tom Harding", "Tom Harding"]


@pytest.mark.parametrize(
    "text",
    [
        "Le ministère qualifie ces sites de « zones interdites ».",
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
    assert quotes('"Une trêve bien fragile"') == ()


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
        'Rubio a déclaré : "Washington soutiendra toute trêve durable".', actors=(actor,)
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


@pytest.mark.parametrize(
    ("text", "language", "quote", "speaker"),
    [
        # An honorific's stop does not end the speaker's words.
        (
            "« Le dialogue a donné des résultats », a déclaré M. Lavalette dans un communiqué.",
            "fr",
            "Le dialogue a donné des résultats",
            "Lavalette",
        ),
        (
            '"The talks were useful," said Dr. Amina Sule after the meeting.',
            "en",
            "The talks were useful,",
            "Amina Sule",
        ),
        # A title and a name set between commas after the quote.
        (
            '"We are cutting it off, step by step," the bloc\'s foreign policy chief, Hanna '
            "Lind, said in a statement.",
            "en",
            "We are cutting it off, step by step,",
            "Hanna Lind",
        ),
        (
            '"No decision has been taken," the agency\'s spokesman, Omar Farah, told reporters.',
            "en",
            "No decision has been taken,",
            "Omar Farah",
        ),
        # A relative clause after the speaker is no part of the speaker.
        (
            "« Onze soldats sont morts », indique le communiqué du ministère, qui affirme que "
            "la riposte a été efficace.",
            "fr",
            "Onze soldats sont morts",
            "le communiqué du ministère",
        ),
        # The subject of a verb joined by "and" stands before the first verb.
        (
            'Karen Holt called the strike "reckless and unnecessary" and said the offer "went '
            'further than anyone expected".',
            "en",
            "went further than anyone expected",
            "Karen Holt",
        ),
        (
            'Karen Holt called the strike "reckless and unnecessary" and said the offer "went '
            'further than anyone expected".',
            "en",
            "reckless and unnecessary",
            "Karen Holt",
        ),
        (
            "Paul Ravel a qualifié la grève d'« irresponsable et injustifiée » et a déclaré que "
            "l'offre « allait plus loin que prévu ».",
            "fr",
            "allait plus loin que prévu",
            "Paul Ravel",
        ),
    ],
)
def test_speakers_after_honorifics_titles_and_coordinated_verbs(text, language, quote, speaker):
    """Honorifics, titles between commas, relative clauses and verbs joined by "and" do not
    hide who speaks."""
    found = {q.text: q.speaker for q in quotes(text, language=language)}
    assert found[quote] == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Le responsable gouvernemental chargé du dossier des prisonniers, Hadi Salem, a pour "
        "sa part jugé l'accord « incomplet ».",
        "Le chef de la délégation du gouvernement pour les prisonniers, Hadi Salem, a de son "
        "côté estimé que l'accord restait « bancal ».",
        'The official in charge of the prisoners file, Hadi Salem, called the deal "partial".',
    ],
)
def test_a_scare_quote_does_not_hide_the_speaker_of_its_sentence(sentence):
    """ "X a jugé l'accord « incomplet »": X is the speaker a later "il" stands for."""
    found = quotes(
        "« Les vols commenceront dans un mois », a annoncé le Comité international de la "
        "Croix-Rouge.",
        sentence + " « Nous ne tournerons pas la page sans lui », a-t-il ajouté.",
    )
    assert found[-1].speaker == "Hadi Salem"
