"""Known actors found by any of their names, unknown ones proposed from NER, all by role."""

from __future__ import annotations

import pytest

from articles.analysis.actors import find_actors, normalise_name
from articles.analysis.types import Vocabulary


def keys_of(actors) -> set[str | None]:
    return {actor.key for actor in actors}


def find(story, vocabulary, *paragraphs, entities_of=None, language="fr"):
    doc = story("Titre", *paragraphs, language=language)
    entities = entities_of(doc) if entities_of else ()
    return find_actors(doc, vocabulary, entities)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Poutine a déclaré samedi qu'il était prêt à discuter.", "vladimir-putin"),
        ("Putin said on Friday that Moscow was ready.", "vladimir-putin"),
        ("Vladimir Poutine a averti les Occidentaux.", "vladimir-putin"),
        ("Volodymyr Zelenskyy said the talks were constructive.", "volodymyr-zelensky"),
        ("Le président Zelenski a remercié ses alliés.", "volodymyr-zelensky"),
        ("L'OTAN a renforcé sa présence sur le flanc est.", "nato"),
        ("NATO allies agreed to spend more on defence.", "nato"),
        ("Le géant pétrolier Loukoïl a suspendu sa production.", "lukoil"),
        ("Lukoil halted output at the field.", "lukoil"),
        ("Le Kremlin a rejeté la proposition.", "kremlin"),
        ("La Maison-Blanche a annoncé une nouvelle aide.", "white-house"),
        ("Recep Tayyip Erdogan a proposé d'accueillir les pourparlers.", "recep-tayyip-erdogan"),
        ("Benyamin Netanyahou a réuni son cabinet de sécurité.", "benjamin-netanyahu"),
        ("Jean Noël Barrot s'est rendu à Kiev.", "jean-noel-barrot"),
        (
            "Les Gardiens de la révolution ont revendiqué le tir.",
            "islamic-revolutionary-guard-corps",
        ),
        ("Les talibans ont fermé les frontières.", "taliban"),
        ("Les Forces de défense du peuple ont attaqué un poste.", "peoples-defence-force"),
        ("Le gouvernement d'unité nationale a dénoncé la frappe.", "national-unity-government"),
        ("Le Front de la résistance a revendiqué l'attaque.", "the-resistance-front"),
        ("Les miliciens wazalendo ont repris la localité.", "wazalendo"),
    ],
)
def test_aliases_across_languages_spellings_and_accents(story, vocabulary, text, key):
    """Every spelling, translation and acronym of a known actor leads to the same actor."""
    assert key in keys_of(find(story, vocabulary, text))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kiev espère rejoindre l'OTAN.", "nato"),
        ("Le rapport d'Oumerov a été transmis au président.", "rustem-umerov"),
        ("C'est l’AIEA qui a inspecté le site.", "iaea"),
        ("La pression qu'Erdogan exerce sur Moscou s'accentue.", "recep-tayyip-erdogan"),
    ],
)
def test_french_elision_does_not_hide_a_name(story, vocabulary, text, key):
    """L'OTAN, d'Oumerov and l’AIEA (curly apostrophe) are found."""
    assert key in keys_of(find(story, vocabulary, text))


def test_putin_and_poutine_are_one_actor(story, vocabulary):
    """Putin and Poutine are one actor, whose mentions are all kept."""
    actors = find(
        story, vocabulary, "Vladimir Poutine a parlé.", "Putin later said the war would go on."
    )
    putin = [actor for actor in actors if actor.key == "vladimir-putin"]
    assert len(putin) == 1
    assert len(putin[0].mentions) == 2
    assert putin[0].evidence


def test_surname_resolves_to_the_full_name_of_the_story(story, vocabulary):
    """A bare "Umerov" is Rostam Umerov once the story named him, under his usual spelling."""
    actors = find(
        story,
        vocabulary,
        "Rostam Umerov, principal négociateur, a rencontré des responsables américains.",
        "Umerov a écrit sur Telegram que les discussions avançaient.",
    )
    (umerov,) = [actor for actor in actors if actor.key == "rustem-umerov"]
    assert umerov.name == "Rustem Umerov"
    assert len(umerov.mentions) == 2


def test_surname_goes_to_the_person_named_in_full(story, vocabulary):
    """A bare "Kuleba" after "Dmytro Kuleba" is Dmytro, never the other known Kuleba."""
    actors = find(
        story,
        vocabulary,
        "L'ancien ministre Dmytro Kuleba a déclaré que l'Ukraine tiendrait.",
        "Kuleba a ajouté que l'aide devait arriver vite.",
    )
    assert "dmytro-kuleba" in keys_of(actors)
    assert "oleksiy-kuleba" not in keys_of(actors)


def test_ambiguous_bare_surname_matches_nobody(story, vocabulary):
    """A surname two known people share matches neither when no full name settles it."""
    actors = find(story, vocabulary, "Kuleba a déclaré que le travail continuait.")
    assert not {"dmytro-kuleba", "oleksiy-kuleba"} & keys_of(actors)


def test_surname_of_an_unknown_person_is_not_a_known_namesake(story, vocabulary):
    """A bare "Qassem" after "Hazem Qassem" is that man, not the Hezbollah leader."""
    actors = find(
        story,
        vocabulary,
        "Hazem Qassem, porte-parole du mouvement, a déclaré que l'offre était examinée.",
        "Qassem a ajouté qu'une réponse serait donnée dimanche.",
    )
    assert "naim-qassem" not in keys_of(actors)
    (hazem,) = [actor for actor in actors if actor.name == "Hazem Qassem"]
    assert hazem.key is None
    assert len(hazem.mentions) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Un diplomate a confié à Reuters que la visite était reportée.",
        "Selon l'AFP, trois drones ont été abattus.",
        "« Nous ne céderons pas », a-t-il dit à l'agence TASS.",
        "He told The Associated Press the strike hit a school.",
        "Elle a publié sur Telegram que l'alerte était levée.",
    ],
)
def test_agencies_and_platforms_used_as_sources_are_not_actors(story, vocabulary, text):
    """News agencies, outlets and platforms quoted as sources are never actors."""
    names = {actor.name for actor in find(story, vocabulary, text)}
    assert not names & {"Reuters", "Agence France-Presse", "TASS", "Associated Press", "Telegram"}


@pytest.mark.parametrize(
    "text",
    [
        "Une frappe russe a touché un immeuble de Kharkiv.",
        "Ukrainian drones hit a refinery overnight.",
        "Les autorités ukrainiennes ont décrété un deuil.",
        "Plusieurs villages restent tenus par les forces russes.",
    ],
)
def test_adjectives_and_idle_descriptions_create_no_actor(story, vocabulary, text):
    """An adjective of nationality, or forces that neither speak nor act, create no actor."""
    assert find(story, vocabulary, text) == ()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "L'état-major général ukrainien a annoncé qu'un dépôt de munitions avait brûlé.",
            "general-staff-of-the-armed-forces-of-ukraine",
        ),
        ("L'armée ukrainienne a abattu quarante drones.", "armed-forces-of-ukraine"),
        ("Ukraine's air force said it intercepted 31 missiles.", "ukrainian-air-force"),
        (
            "Le ministère russe de la Défense affirme avoir repoussé trois assauts.",
            "russian-defence-ministry",
        ),
        ("The Israeli military said it struck a command centre.", "israel-defense-forces"),
        ("Selon l'armée israélienne, le tir visait un dépôt.", "israel-defense-forces"),
        ("Russian forces launched 60 drones overnight.", "russian-armed-forces"),
        ("C'est le premier raid revendiqué par l'armée ukrainienne.", "armed-forces-of-ukraine"),
    ],
)
def test_institutions_and_forces_count_when_they_speak_or_act(story, vocabulary, text, key):
    """Institutions and armed forces described in words are actors when they speak or act."""
    assert key in keys_of(find(story, vocabulary, text))


def test_short_form_of_an_institution_refers_to_the_one_named_before(story, vocabulary):
    """A short "état-major général" after "état-major général ukrainien" is the same body."""
    actors = find(
        story,
        vocabulary,
        "L'état-major général ukrainien a annoncé que le pont avait été coupé lundi.",
        "L'état-major général a précisé qu'un convoi avait aussi été touché.",
    )
    (staff,) = [a for a in actors if a.key == "general-staff-of-the-armed-forces-of-ukraine"]
    assert len(staff.mentions) == 2


@pytest.mark.parametrize(
    ("paragraphs", "language", "key"),
    [
        (
            (
                "Strikes across the Gaza Strip killed 12 people in Gaza City and Khan Younis, "
                "the territory's health ministry said.",
            ),
            "en",
            "gaza-health-ministry",
        ),
        (
            (
                "Israeli strikes on southern Lebanon killed three people near Tyre, the "
                "country's health ministry said.",
            ),
            "en",
            "lebanese-health-ministry",
        ),
        (
            (
                "Des frappes sur le sud du Liban ont tué trois personnes près de Tyr, a indiqué "
                "le ministère de la Santé du pays.",
            ),
            "fr",
            "lebanese-health-ministry",
        ),
        (("Three people were killed, the country's health ministry said.",), "en", None),
    ],
)
def test_an_institution_of_the_place_is_the_one_of_the_storys_country(
    story, vocabulary, paragraphs, language, key
):
    """ "The territory's health ministry" is the one of the country the story names most,
    when one stands out."""
    actors = find(story, vocabulary, *paragraphs, language=language)
    ministries = {actor.key for actor in actors if "health-ministry" in (actor.key or "")}
    assert ministries == ({key} if key else set())


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "Hazem Qassem, porte-parole du Hamas, a déclaré que l'offre était à l'étude.",
            "hamas",
            None,
        ),
        ("Un responsable du Hamas a déclaré que l'offre était à l'étude.", None, "hamas"),
        (
            "Le porte-parole du Kremlin, Dmitri Peskov, s'est refusé à tout commentaire.",
            "kremlin",
            "dmitry-peskov",
        ),
        (
            "Iouri Ouchakov, conseiller de Poutine, conduira les discussions.",
            "vladimir-putin",
            None,
        ),
        ("Les émissaires de Trump ont présenté un plan.", None, "donald-trump"),
        (
            "Le chef des opérations humanitaires de l'ONU, Tom Fletcher, a appelé au calme.",
            "united-nations",
            "tom-fletcher",
        ),
        (
            "Le commandant des forces de l'OTAN en Europe, Christopher Cavoli, a visité la base.",
            "nato",
            None,
        ),
        (
            "The head of humanitarian affairs at the United Nations, Tom Fletcher, said so.",
            "united-nations",
            "tom-fletcher",
        ),
    ],
)
def test_names_inside_someones_title_are_not_actors(story, vocabulary, text, absent, present):
    """An organisation or person that only appears in a named person's title is no actor."""
    keys = keys_of(find(story, vocabulary, text))
    assert absent is None or absent not in keys
    assert present is None or present in keys


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        ("Le président russe a affirmé que son pays restait ouvert.", "vladimir-putin", None),
        ("Le président américain Joe Biden avait promis son aide.", "joe-biden", "donald-trump"),
        ("L'ancien président américain a critiqué le plan.", None, "donald-trump"),
    ],
)
def test_a_title_names_its_current_holder_unless_a_name_follows(
    story, vocabulary, text, expected, unexpected
):
    """The title "président russe" is Putin, unless another name or "ancien" goes with it."""
    keys = keys_of(find(story, vocabulary, text))
    assert expected is None or expected in keys
    assert unexpected is None or unexpected not in keys


def test_known_person_met_only_in_background_is_not_an_actor(story, vocabulary):
    """A person recalled in a sentence about a past year does not play a role in the news."""
    actors = find(
        story,
        vocabulary,
        "Les combats ont repris près de Pokrovsk.",
        "En 2022, Boris Johnson s'était rendu à Kiev à la surprise générale.",
    )
    assert "boris-johnson" not in keys_of(actors)


@pytest.mark.parametrize(
    ("paragraphs", "language", "name", "kind"),
    [
        (
            (
                "Le gouverneur régional, Serhiy Lysak, a indiqué que deux personnes étaient "
                "blessées.",
            ),
            "fr",
            "Serhiy Lysak",
            "person",
        ),
        (
            ("Regional governor Ivan Petrenko said on Telegram that the fire was out.",),
            "en",
            "Ivan Petrenko",
            "person",
        ),
        (
            ("« La situation reste tendue », a déclaré Maria Kovalenko, maire de la ville.",),
            "fr",
            "Maria Kovalenko",
            "person",
        ),
    ],
)
def test_unknown_people_who_speak_become_candidates(
    story, vocabulary, entities_of, paragraphs, language, name, kind
):
    """An unknown person who speaks is proposed as a candidate under the story's spelling."""
    actors = find(story, vocabulary, *paragraphs, entities_of=entities_of, language=language)
    (candidate,) = [actor for actor in actors if actor.key is None]
    assert (candidate.name, candidate.kind) == (name, kind)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Un incendie a touché un dépôt appartenant à Lukoil près de Volgograd.", "lukoil"),
        ("Aucune rencontre n'est prévue entre Dmitriev et les Européens.", None),
    ],
)
def test_model_errors_are_repaired_with_the_registry(story, vocabulary, entities_of, text, key):
    """Names the model takes for places ("Lukoil", "Dmitriev") are still the known actors."""
    actors = find(story, vocabulary, text, entities_of=entities_of)
    assert all(actor.key is not None for actor in actors)
    assert key is None or key in keys_of(actors)


@pytest.mark.parametrize(
    "text",
    [
        "Le drone a ciblé le terminal d'Izmaïl, l'un des deux ports de la zone.",
        "Le gisement de Korchagin a été touché par un drone.",
        "Cependant, Kharkiv a de nouveau été visée par des drones.",
        "Ukrainien a précisé que ses missiles avaient atteint la cible.",
        "Le Moyen-Orient reste sous tension, a déclaré un diplomate.",
        "« Nous sommes en guerre », a déclaré un responsable.",
        "The Nasser Hospital said it received 30 wounded.",
    ],
)
def test_junk_names_from_the_model_are_not_candidates(story, vocabulary, entities_of, text):
    """Places, sentence openers, demonyms, regions, facilities and quotes are no candidates."""
    actors = find(story, vocabulary, text, entities_of=entities_of)
    assert [actor.name for actor in actors if actor.key is None] == []


def test_names_editors_rejected_are_not_proposed(story, entities_of):
    """A name in the vocabulary's rejected names is never proposed again."""
    vocabulary = Vocabulary(rejected_names=frozenset({"serhiy lysak"}))
    text = "Le gouverneur Serhiy Lysak a indiqué que deux personnes étaient blessées."
    assert find(story, vocabulary, text, entities_of=entities_of) == ()


def test_known_actors_come_first_with_spans_pointing_at_their_names(story, vocabulary):
    """Mentions are (part, start, end) spans of the text naming the actor."""
    doc = story("Titre", "Le Kremlin a répondu. Poutine a parlé.")
    for actor in find_actors(doc, vocabulary):
        for part, start, end in actor.mentions:
            assert doc.parts[part][start:end] in {"Kremlin", "Poutine"}


def test_names_are_normalised_for_comparison():
    """Normalised names ignore case, accents, elision and punctuation."""
    assert normalise_name("l'Élysée") == "elysee"
    assert normalise_name("  Zelensky,  ") == "zelensky"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The Kremlin did not immediately respond to a request for comment.", "kremlin"),
        ("Zelensky doit rencontrer Trump à la Maison Blanche vendredi.", "white-house"),
        ("Le groupe, affilié à al-Qaïda, impose un blocus.", "al-qaeda"),
        (
            "Le groupe, que New Delhi considère comme une émanation du Lashkar-e-Taiba, a "
            "revendiqué l'attaque.",
            "lashkar-e-taiba",
        ),
        ("The group, an offshoot of Lashkar-e-Taiba, claimed the attack.", "lashkar-e-taiba"),
        ("Les brigades, une branche du Hamas, ont revendiqué le tir.", "hamas"),
        ("La Hongrie est membre de l'Union européenne et de l'OTAN.", "nato"),
        (
            "The U.S. military's Central Command declined to comment.",
            "united-states-armed-forces",
        ),
        (
            "The United Nations Human Rights Monitoring Mission said casualties rose.",
            "united-nations",
        ),
        (
            "Le Cogat, l'organisme du ministère israélien de la Défense, a démenti.",
            "israeli-defence-ministry",
        ),
    ],
)
def test_silence_venues_ties_and_longer_names_give_no_role(story, vocabulary, text, absent):
    """No comment, a seat used as a venue, ties, owners and longer names are no role."""
    assert absent not in keys_of(find(story, vocabulary, text))


def test_source_of_a_background_fact_is_not_an_actor(story, vocabulary):
    """An organisation cited only for a background figure is not an actor."""
    actors = find(
        story,
        vocabulary,
        "The war, which erupted in April 2023, has killed thousands, according to the United "
        "Nations.",
    )
    assert "united-nations" not in keys_of(actors)


def test_org_word_inside_an_unknown_persons_name_is_that_person(story, vocabulary):
    """The word "Wagner" in "Therese Kayikwamba Wagner" names a person, not the Wagner group."""
    actors = find(
        story,
        vocabulary,
        "Foreign Minister Therese Kayikwamba Wagner signed the deal on Friday.",
        language="en",
    )
    assert "wagner-group" not in keys_of(actors)
    assert [a.name for a in actors if a.key is None] == ["Therese Kayikwamba Wagner"]


def test_a_named_source_after_its_title_speaks(story, vocabulary):
    """A source named after its title ("selon le porte-parole..., le général X") speaks."""
    actors = find(
        story,
        vocabulary,
        "Selon le porte-parole de l'armée, le général Ahmed Sharif Chaudhry, les frappes ont "
        "tué 26 civils.",
    )
    assert "Ahmed Sharif Chaudhry" in {a.name for a in actors}


@pytest.mark.parametrize(
    ("paragraphs", "language", "key"),
    [
        (("La CFDT a signé l'accord salarial avec la direction de la RATP.",), "fr", "cfdt"),
        (("L'agence Fitch a abaissé la note de la France vendredi.",), "fr", "fitch-ratings"),
        (("The Indian Navy said it had rescued the crew of the tanker.",), "en", "indian-navy"),
        (("Le PSG s'est imposé samedi à Nantes.",), "fr", "paris-saint-germain"),
        (
            ("La marine américaine a intercepté un missile en mer Rouge.",),
            "fr",
            "united-states-navy",
        ),
        (
            ("Le ministère soudanais de la Défense a démenti l'attaque.",),
            "fr",
            "sudanese-defence-ministry",
        ),
    ],
)
def test_companies_unions_clubs_and_services_are_known(
    story, vocabulary, paragraphs, language, key
):
    """Unions, rating agencies, clubs, navies and ministries are in the starter registry."""
    assert key in keys_of(find(story, vocabulary, *paragraphs, language=language))


def test_starter_registry_is_broad_and_unambiguous():
    """The starter registry is broad, and no alias of several words names two actors."""
    from articles.analysis.actors import normalise_name
    from articles.analysis.registry import load_starter_entries

    entries = load_starter_entries()
    assert len(entries) >= 800
    owners: dict[str, str] = {}
    for entry in entries:
        for alias in {entry["name"], *entry["aliases"]}:
            if " " not in alias.strip():
                continue  # bare surnames may be shared; the story's full names settle them
            owner = owners.setdefault(normalise_name(alias), entry["name"])
            assert owner == entry["name"], alias


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Vassyl Maliouk a supervisé l'opération pendant des mois.", "vasyl-maliuk"),
        ("Le gouverneur Valentyn Reznitchenko a annoncé un couvre-feu.", "valentyn-reznichenko"),
        ("Abdel Fattah el-Sissi a reçu les négociateurs au Caire.", "abdel-fattah-al-sisi"),
        ("Abdel Fattah el-Sisi hosted the negotiators in Cairo.", "abdel-fattah-al-sisi"),
    ],
)
def test_transliterated_spellings_of_known_people_match(story, vocabulary, text, key):
    """French transliterations (ou, tch, ss) and el-/al- find the person under any spelling."""
    assert key in keys_of(find(story, vocabulary, text))


def test_transliteration_of_a_name_without_the_sounds_adds_nothing():
    from articles.analysis.actors import _spellings

    assert _spellings("Pedro Gomez") == set()
    assert _spellings("Denys Shmyhal") == {"denys chmyhal"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "Le dispensaire a été évacué mardi, a indiqué le ministère libanais de la Santé.",
            "lebanese-health-ministry",
        ),
        ("Un suspect a été interpellé, a indiqué la police israélienne.", "israel-police"),
        (
            "Le bilan s'est alourdi à douze morts, a précisé dimanche le parquet ukrainien.",
            "office-of-the-prosecutor-general-of-ukraine",
        ),
    ],
)
def test_subject_after_the_verb_of_speech_speaks(story, vocabulary, text, key):
    """In French the speaker often follows the verb with its article ("a annoncé la police")."""
    assert key in keys_of(find(story, vocabulary, text))


@pytest.mark.parametrize(
    ("paragraphs", "language", "name"),
    [
        (
            (
                "« Le calme est revenu », a assuré son porte-parole régional, le capitaine "
                "Paul Mbemba.",
            ),
            "fr",
            "Paul Mbemba",
        ),
        (
            ("« Nous avons manqué d'efficacité », a regretté l'entraîneur lillois Marc Dupuis.",),
            "fr",
            "Marc Dupuis",
        ),
        (
            (
                "Deux suspects ont été interpellés, selon un porte-parole de la gendarmerie, "
                "Ibrahim Musa.",
            ),
            "fr",
            "Ibrahim Musa",
        ),
        (
            ("Leeds won 2-0 thanks to a late header from James Porter in added time.",),
            "en",
            "James Porter",
        ),
        (("Rennes a égalisé sur un coup franc de Karim Benali.",), "fr", "Karim Benali"),
    ],
)
def test_unknown_people_after_titles_and_scorers_become_candidates(
    story, vocabulary, entities_of, paragraphs, language, name
):
    """A speaker named after the verb and a title, a source named after its title, and the
    scorer of a goal play a role."""
    actors = find(story, vocabulary, *paragraphs, entities_of=entities_of, language=language)
    assert name in {actor.name for actor in actors if actor.key is None}


def test_inverted_subject_needs_an_article_not_a_clause(story, vocabulary):
    """ "a déclaré que" introduces a clause: a name in it does not speak by that verb."""
    actors = find(
        story, vocabulary, "Il a déclaré que Vassily Petrov, un habitant, dormait ce soir-là."
    )
    assert "Vassily Petrov" not in {actor.name for actor in actors}


@pytest.mark.parametrize(
    ("paragraphs", "language", "key"),
    [
        (
            ("Magen David Adom said two people were treated at the scene.",),
            "en",
            "magen-david-adom",
        ),
        (
            ("Le Réseau des médecins du Soudan a fait état de pénuries.",),
            "fr",
            "sudan-doctors-network",
        ),
        (
            ("The Swiss foreign ministry said it would host the next meeting.",),
            "en",
            "swiss-federal-department-of-foreign-affairs",
        ),
    ],
)
def test_emergency_services_and_foreign_ministries_are_known(
    story, vocabulary, paragraphs, language, key
):
    """Well-known rescue services, doctors' networks and ministries are in the registry."""
    assert key in keys_of(find(story, vocabulary, *paragraphs, language=language))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Porto coach Pedro de la Cruz praised his players after the match.", "Pedro de la Cruz"),
        ("Chelsea manager Tom Hartley praised the defence after the draw.", "Tom Hartley"),
        ("Substitute Karl Stenson equalised in the 80th minute for Leeds.", "Karl Stenson"),
        ("Ajax pressed late, but Tom Verbeek's header was cleared off the line.", None),
    ],
)
def test_coaches_and_players_are_people(story, vocabulary, entities_of, text, name):
    """Coaches and players named after their position, or who score or speak, are proposed;
    a possessive ending never sticks to the name."""
    actors = find(story, vocabulary, text, entities_of=entities_of, language="en")
    names = {actor.name for actor in actors if actor.key is None}
    assert not any(n.endswith(("'s", "'")) for n in names)
    if name:
        assert name in names


def test_competitions_are_not_people(story, vocabulary, entities_of):
    """A competition with a capitalised name ("European Championship") is no actor."""
    actors = find(
        story,
        vocabulary,
        "Portugal won the European Championship after beating France on penalties.",
        entities_of=entities_of,
        language="en",
    )
    assert "European Championship" not in {actor.name for actor in actors}


def test_a_name_after_a_pronoun_source_is_no_source(story, vocabulary):
    """In "selon eux", the pronoun is the source: the name that follows is only mentioned;
    after "selon" the name itself is the source."""
    mentioned = find(story, vocabulary, "Le dépôt, selon eux la Marine américaine le surveille.")
    assert "united-states-navy" not in keys_of(mentioned)
    source = find(story, vocabulary, "Le dépôt, selon la Marine américaine, est surveillé.")
    assert "united-states-navy" in keys_of(source)


def test_abbreviated_title_is_not_part_of_a_name(story, vocabulary, entities_of):
    """ "Ohio Gov. Mark Delaney": the place and the abbreviated title make no actor."""
    actors = find(
        story,
        vocabulary,
        "Ohio Gov. Mark Delaney said the bridge would reopen next week.",
        entities_of=entities_of,
        language="en",
    )
    names = {actor.name for actor in actors if actor.key is None}
    assert "Mark Delaney" in names
    assert not any("Gov" in name for name in names)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("« Poutine ne veut pas la paix », a déclaré le maire de la ville.", "fr"),
        ('"Putin\'s war machine runs on oil money," the minister said.', "en"),
        ("Le ministre a écrit : « Nous ne laisserons pas Poutine gagner ».", "fr"),
        ("“We will not let Putin win,” she told reporters.", "en"),
    ],
)
def test_a_name_only_inside_a_quotation_is_not_an_actor(story, vocabulary, text, language):
    """Whom a speaker talks about in a quotation plays no part in the news by that alone."""
    actors = find(story, vocabulary, text, language=language)
    assert "vladimir-putin" not in keys_of(actors)


def test_a_name_quoted_and_acting_elsewhere_is_an_actor(story, vocabulary):
    """A quoted mention takes nothing away from a role played outside the quotation."""
    actors = find(
        story,
        vocabulary,
        "« Poutine ne veut pas la paix », a dit le maire. Poutine a rejeté le plan samedi.",
    )
    assert "vladimir-putin" in keys_of(actors)


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        # Decreeing, proclaiming, extending or lifting a measure is acting.
        ("Le maire, Paul Ravenel, a décrété un couvre-feu dans la ville.", "fr", "Paul Ravenel"),
        ("Le préfet Hervé Dallac a proclamé l'état d'urgence samedi.", "fr", "Hervé Dallac"),
        ("Governor Amos Kettleby decreed a state of emergency on Sunday.", "en", "Amos Kettleby"),
        ("Mayor Lena Brightwater lifted the curfew on Monday.", "en", "Lena Brightwater"),
        # A lowercase particle joined by a hyphen does not cut the name short.
        (
            "Le chef de la délégation rebelle houthie, Abdelkrim al-Mansouri, a affirmé cela.",
            "fr",
            "Abdelkrim al-Mansouri",
        ),
        (
            "Le numéro deux de la branche politique du mouvement, Hamdane al-Qassimi, a assuré "
            "que la trêve tiendrait.",
            "fr",
            "Hamdane al-Qassimi",
        ),
        (
            "Le représentant du mouvement dans la région, Youssef ben-Salem, a démenti.",
            "fr",
            "Youssef ben-Salem",
        ),
        # An honorific before a surname ("M. Lavalette", "Mr. Hallworth") makes no new name.
        (
            "Le médiateur Pierre Lavalette a rencontré les deux camps. « Nous avançons », a "
            "déclaré M. Lavalette.",
            "fr",
            "Pierre Lavalette",
        ),
        (
            "La juge Claire Vasseur a ouvert l'audience. Mme Vasseur a ensuite suspendu la séance.",
            "fr",
            "Claire Vasseur",
        ),
        (
            "Envoy Martin Hallworth met both sides. Mr. Hallworth said the talks were useful.",
            "en",
            "Martin Hallworth",
        ),
        # A speaker after a verb of speech and a long title speaks.
        (
            "Le bus a basculé dans un ravin, a précisé l'inspecteur général de la police pour la "
            "région du Nord, Marc Delorme.",
            "fr",
            "Marc Delorme",
        ),
        (
            "Les frontières resteront fermées, a indiqué le porte-parole du ministère chargé "
            "des frontières et des douanes, Karim Benali.",
            "fr",
            "Karim Benali",
        ),
    ],
)
def test_unknown_people_who_act_or_speak_are_found(
    story, vocabulary, entities_of, text, language, name
):
    """Unknown people who act or speak are found by their full name, and by nothing else."""
    actors = find(story, vocabulary, text, entities_of=entities_of, language=language)
    assert {actor.name for actor in actors if actor.key is None} == {name}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Voting took place in only half of the districts, the Union Election Commission "
            "said on Sunday.",
            "Union Election Commission",
        ),
        (
            "Turnout was low, the Northern Relief Committee said, because roads were cut.",
            "Northern Relief Committee",
        ),
        (
            "Most polling stations opened late, the Independent Monitoring Network reported.",
            "Independent Monitoring Network",
        ),
    ],
)
def test_organisations_named_by_their_shape_become_candidates(
    story, vocabulary, entities_of, text, name
):
    """Capitalised words with a word of organisations ("Commission", "Committee") that speak
    are proposed even when the entity model misses them."""
    actors = find(story, vocabulary, text, entities_of=entities_of, language="en")
    assert name in {actor.name for actor in actors if actor.kind == "organisation"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le coordinateur de l'AFC/M23, Corneille Nangaa, a accusé l'armée.", "fr"),
        ("La rébellion AFC/M23 a annoncé la prise de la localité.", "fr"),
    ],
)
def test_a_piece_of_a_known_name_is_no_other_actor(story, vocabulary, entities_of, text, language):
    """ "AFC" inside "AFC/M23" is the known rebel group, not a new organisation."""
    actors = find(story, vocabulary, text, entities_of=entities_of, language=language)
    assert "m23" in keys_of(actors)
    assert not [actor.name for actor in actors if actor.key is None and "AFC" in actor.name]
