from django.db import IntegrityError, transaction
from django.test import TestCase

from articles.models import Article, ArticleStatus, Country, Topic

from .factories import ArticleFactory, ArticleTopicFactory, TopicFactory


class ArticleConstraintTests(TestCase):
    def test_same_fingerprint_rejected_by_database(self):
        """The database itself refuses a second story with the same fingerprint."""
        first = ArticleFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(
                title="Autre titre", slug="autre-titre", fingerprint=first.fingerprint
            )

    def test_empty_fingerprint_rejected(self):
        """A story must carry a fingerprint."""
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(title="Sans empreinte", slug="sans-empreinte", fingerprint="")

    def test_topic_linked_once(self):
        """A topic is linked to a story at most once."""
        link = ArticleTopicFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            ArticleTopicFactory(article=link.article, topic=link.topic)


class ArticleQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory()
        cls.published = ArticleFactory()
        cls.draft = ArticleFactory(status=ArticleStatus.DRAFT)
        ArticleTopicFactory(article=cls.published, topic=cls.topic)
        ArticleTopicFactory(article=cls.draft, topic=cls.topic)

    def test_published_hides_drafts(self):
        """Draft stories are hidden from readers."""
        self.assertEqual(list(Article.objects.published()), [self.published])

    def test_rejected_topic_not_about(self):
        """A topic an editor rejected does not count."""
        other = ArticleFactory()
        ArticleTopicFactory(article=other, topic=self.topic, decision="rejected")
        self.assertNotIn(other, Article.objects.published().about(self.topic))
        self.assertIn(self.published, Article.objects.published().about(self.topic))

    def test_matching_ignores_accents_and_case(self):
        """A search typed without accents finds the accented words."""
        story = ArticleFactory(title="Négociations à Genève", slug="negociations-geneve")
        self.assertIn(story, Article.objects.matching("negociations GENEVE"))
        self.assertNotIn(story, Article.objects.matching("negociations Vienne"))

    def test_blocks_keep_headings(self):
        """The body's "## " lines are headings, the rest paragraphs."""
        self.assertEqual(
            self.published.blocks,
            [
                ("heading", "Contexte"),
                ("paragraph", "Les discussions portent sur un cessez-le-feu."),
                ("paragraph", "Aucune date n'a été fixée."),
            ],
        )


class ReferenceDataTests(TestCase):
    def test_countries_from_cldr(self):
        """Every country exists with its French and English CLDR names."""
        self.assertGreaterEqual(Country.objects.count(), 249)
        ukraine = Country.objects.get(code="UA")
        self.assertEqual((ukraine.name_fr, ukraine.name_en), ("Ukraine", "Ukraine"))
        self.assertEqual(Country.objects.get(code="US").name_fr, "États-Unis")

    def test_core_topics_exist(self):
        """The three core topics are created by the migrations."""
        slugs = set(Topic.objects.values_list("slug", flat=True))
        self.assertLessEqual({"negotiations", "strikes", "casualties"}, slugs)

    def test_editors_group_can_import(self):
        """The Editors group may import stories but not manage users."""
        from django.contrib.auth.models import Group

        codenames = set(
            Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        )
        self.assertIn("import_articles", codenames)
        self.assertIn("change_article", codenames)
        self.assertNotIn("add_user", codenames)
        self.assertNotIn("delete_country", codenames)
