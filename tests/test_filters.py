from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.filters import ArticleFilter
from articles.models import Article, Country

from .factories import (
    ActorFactory,
    ArticleActorFactory,
    ArticleCountryFactory,
    ArticleFactory,
    ArticleTopicFactory,
    SectionFactory,
    TopicFactory,
)


class ArticleFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes")
        cls.actor = ActorFactory(name="Général Exemple", slug="general-exemple")
        cls.ukraine = Country.objects.get(code="UA")
        cls.section = SectionFactory(name="Monde", slug="monde")
        cls.both = ArticleFactory(title="Frappe sur le port", section=cls.section)
        ArticleTopicFactory(article=cls.both, topic=cls.topic)
        ArticleCountryFactory(article=cls.both, country=cls.ukraine)
        ArticleActorFactory(article=cls.both, actor=cls.actor)
        cls.topic_only = ArticleFactory(title="Frappe ailleurs")
        ArticleTopicFactory(article=cls.topic_only, topic=cls.topic)
        cls.old = ArticleFactory(
            title="Ancienne histoire", published_at=timezone.now() - timedelta(days=400)
        )

    def filtered(self, **params):
        return set(ArticleFilter(params, queryset=Article.objects.published()).qs)

    def test_filters_combine_with_and(self):
        """Topic, country and actor together keep only the stories that have all three."""
        self.assertEqual(
            self.filtered(topic="strikes", country="UA", actor="general-exemple"), {self.both}
        )
        self.assertEqual(self.filtered(topic="strikes"), {self.both, self.topic_only})

    def test_country_code_any_case(self):
        """A country code matches whatever its case."""
        self.assertEqual(self.filtered(country="ua"), {self.both})

    def test_section_and_dates(self):
        """Section and date range narrow the list."""
        self.assertEqual(self.filtered(section="monde"), {self.both})
        since = (timezone.now() - timedelta(days=30)).date().isoformat()
        self.assertNotIn(self.old, self.filtered(date_after=since))

    def test_unknown_values_are_form_errors(self):
        """An unknown code or slug is a form error, not an exception."""
        filterset = ArticleFilter(
            {"country": "ZZ", "topic": "nope"}, queryset=Article.objects.all()
        )
        self.assertFalse(filterset.is_valid())
        self.assertIn("country", filterset.errors)

    def test_through_the_view(self):
        """The list page applies the same filters from its query string."""
        response = self.client.get(reverse("articles:list"), {"topic": "strikes", "country": "UA"})
        self.assertEqual(list(response.context["articles"]), [self.both])

    def test_bad_values_in_view_give_empty_list(self):
        """Bad filter values give an empty list with the error shown, never a 500."""
        for params in (
            {"country": "ZZZ"},
            {"date_after": "31/31/2020"},
            {"page": "abc"},
            {"page": "-4"},
            {"page": "99999999"},
            {"q": "\x00" * 3},
            {"q": "é" * 10_000},
        ):
            response = self.client.get(reverse("articles:list"), params)
            self.assertEqual(response.status_code, 200, params)
