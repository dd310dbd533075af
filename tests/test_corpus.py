"""The generated benchmark corpus: its text, the command on both databases, and query plans."""

import re
import unittest
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from articles.corpus import (
    EXTRA_TOPICS,
    CastMember,
    build_world,
    french_forms,
    generate_stories,
    make_story,
)
from articles.filters import ArticleFilter
from articles.models import (
    Actor,
    ActorAlias,
    Article,
    ArticleActor,
    ArticleCountry,
    ArticleStatus,
    ArticleTopic,
    Decision,
    Topic,
)

WORLD = build_world(
    [("UA", "Ukraine", "Ukraine"), ("RU", "Russie", "Russia"), ("ML", "Mali", "Mali")],
    [
        CastMember(1, "Olena Kovalenko", "Kovalenko", "UA"),
        CastMember(2, "Igor Petrov", "Petrov", "RU"),
        CastMember(3, "Brigade Diallo", "Brigade Diallo", None),
        CastMember(4, "Amadou Traoré", "Traoré", "ML"),
    ],
    ["negotiations", "strikes", "casualties"],
    seed=7,
    end=datetime(2026, 1, 1, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("France", ("la France", "en France", "de la France")),
        ("Mali", ("le Mali", "au Mali", "du Mali")),
        ("Ukraine", ("l'Ukraine", "en Ukraine", "de l'Ukraine")),
        ("États-Unis", ("les États-Unis", "aux États-Unis", "des États-Unis")),
        ("Royaume-Uni", ("le Royaume-Uni", "au Royaume-Uni", "du Royaume-Uni")),
        ("Israël", ("Israël", "en Israël", "d'Israël")),
        ("Cuba", ("Cuba", "à Cuba", "de Cuba")),
        ("Myanmar (Birmanie)", ("le Myanmar", "au Myanmar", "du Myanmar")),
    ],
)
def test_french_country_forms(name, forms):
    """Country names take the article and preposition French gives them."""
    assert french_forms(name) == forms


def test_stories_are_the_same_for_the_same_seed_and_number():
    """A story depends only on the world, the seed and its number."""
    assert make_story(WORLD, 12) == make_story(WORLD, 12)
    assert make_story(WORLD, 12) != make_story(WORLD, 13)


def test_every_actor_of_a_story_is_named_where_its_tag_says():
    """Actor tags point at the actor's full or short name in the title, lede or body."""
    for number in range(30):
        story = make_story(WORLD, number)
        parts = (story.title, story.lede, *(text for _, text in story.blocks))
        names = {member.key: {member.name, member.short} for member in WORLD.cast}
        for tag in story.actors:
            assert tag.mentions, story
            for part, start, end in tag.mentions:
                assert parts[part][start:end] in names[tag.target]


def test_worker_processes_make_the_same_stories():
    """Stories made in a worker process are those made in place, in the same order."""
    made = generate_stories(WORLD, range(6), batch_size=2, workers=1)
    assert [story for batch in made for story in batch] == [
        make_story(WORLD, number) for number in range(6)
    ]


class GenerateCorpusCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.actors_before = Actor.objects.count()
        cls.last_actor_before = Actor.objects.order_by("pk").last().pk
        cls.output = StringIO()
        call_command(
            "generate_corpus", stories=40, actors=60, seed=3, no_progress=True, stdout=cls.output
        )

    def test_stories_are_published_and_unique(self):
        """Forty published stories, each with its own slug and SHA-256 fingerprint."""
        articles = Article.objects.all()
        self.assertEqual(articles.count(), 40)
        self.assertEqual(articles.filter(status=ArticleStatus.PUBLISHED).count(), 40)
        fingerprints = set(articles.values_list("fingerprint", flat=True))
        self.assertEqual(len(fingerprints), 40)
        self.assertTrue(all(re.fullmatch(r"[0-9a-f]{64}", value) for value in fingerprints))
        self.assertEqual(len(set(articles.values_list("slug", flat=True))), 40)
        self.assertIn("40 stories added", self.output.getvalue())

    def test_bodies_have_headings_and_paragraphs_in_both_languages(self):
        """Bodies are French or English prose with sub-headings, not placeholder text."""
        self.assertEqual(set(Article.objects.values_list("language", flat=True)), {"fr", "en"})
        for article in Article.objects.all():
            kinds = [kind for kind, _ in article.blocks]
            self.assertIn("heading", kinds)
            self.assertGreaterEqual(kinds.count("paragraph"), 2)
            self.assertNotIn("lorem", article.body.lower())

    def test_every_story_is_tagged_with_visible_decisions(self):
        """Every story has topics, countries and actors, confirmed or suggested."""
        for model in (ArticleTopic, ArticleCountry, ArticleActor):
            self.assertEqual(model.objects.values("article").distinct().count(), 40)
            decisions = set(model.objects.values_list("decision", flat=True))
            self.assertLessEqual(decisions, {Decision.CONFIRMED, Decision.SUGGESTED})

    def test_some_stories_carry_a_toll(self):
        """Casualty stories have a death toll and say who gave it."""
        with_toll = Article.objects.filter(killed__isnull=False)
        self.assertTrue(with_toll.exists())
        self.assertFalse(with_toll.filter(toll_attribution="").exists())

    def test_vocabulary_grows_with_actors_topics_and_sections(self):
        """Generated actors join the registry with aliases; the extra topics exist."""
        self.assertGreaterEqual(Actor.objects.count(), self.actors_before + 55)
        self.assertTrue(ActorAlias.objects.filter(actor__pk__gt=self.last_actor_before).exists())
        for slug, *_ in EXTRA_TOPICS:
            self.assertTrue(Topic.objects.filter(slug=slug).exists(), slug)
        self.assertTrue(Article.objects.filter(section__isnull=False).exists())

    def test_running_again_adds_only_what_is_missing(self):
        """A second run with a larger count adds the missing stories and nothing twice."""
        output = StringIO()
        call_command(
            "generate_corpus", stories=45, actors=60, seed=3, no_progress=True, stdout=output
        )
        self.assertIn("5 stories added, 40 already present", output.getvalue())
        self.assertEqual(Article.objects.count(), 45)


@unittest.skipUnless(connection.vendor == "postgresql", "query plans are PostgreSQL's")
class ListQueryPlanTests(TestCase):
    """The list pages' main queries can be answered from indexes, never by reading every story."""

    @classmethod
    def setUpTestData(cls):
        call_command(
            "generate_corpus", stories=300, actors=50, seed=5, no_progress=True, stdout=StringIO()
        )
        link = ArticleActor.objects.select_related("actor", "article").first()
        cls.actor = link.actor
        cls.country = ArticleCountry.objects.filter(article=link.article).first().country
        cls.topic = ArticleTopic.objects.filter(article=link.article).first().topic

    def plan(self, filters: dict) -> str:
        queryset = ArticleFilter(filters, queryset=Article.objects.published().for_listing()).qs
        with connection.cursor() as cursor:
            # The tables are small: without this the planner rightly prefers reading them whole.
            cursor.execute("SET enable_seqscan = off")
            try:
                return queryset[:20].explain()
            finally:
                cursor.execute("RESET enable_seqscan")

    def assertUsesIndexes(self, plan: str) -> None:
        self.assertNotIn("Seq Scan", plan)
        self.assertRegex(plan, r"Index (Only )?Scan|Bitmap Index Scan")

    def test_home_uses_an_index(self):
        """The latest stories come from an index on status and publication date."""
        plan = self.plan({})
        self.assertUsesIndexes(plan)
        self.assertIn("articles_article", plan)

    def test_topic_list_uses_an_index(self):
        """A topic's stories are found through the topic links' index."""
        plan = self.plan({"topic": self.topic.slug})
        self.assertUsesIndexes(plan)
        self.assertIn("articles_articletopic", plan)

    def test_country_actor_topic_list_uses_indexes(self):
        """Combining a country, an actor and a topic still reads only indexes."""
        plan = self.plan(
            {"country": self.country.code, "actor": self.actor.slug, "topic": self.topic.slug}
        )
        self.assertUsesIndexes(plan)
        for table in ("articles_articletopic", "articles_articlecountry", "articles_articleactor"):
            self.assertIn(table, plan)
