from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import reverse

from articles.models import ArticleStatus, Country

from .factories import (
    ActorFactory,
    ArticleActorFactory,
    ArticleCountryFactory,
    ArticleFactory,
    ArticleTopicFactory,
    TopicFactory,
)


def tagged_story(topic, actor, country, **kwargs):
    article = ArticleFactory(**kwargs)
    ArticleTopicFactory(article=article, topic=topic)
    ArticleActorFactory(article=article, actor=actor)
    ArticleCountryFactory(article=article, country=country)
    return article


class PageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(
            slug="negotiations", name_fr="Négociations", name_en="Negotiations"
        )
        cls.actor = ActorFactory(name="Envoyée Spéciale", slug="envoyee-speciale")
        cls.country = Country.objects.get(code="UA")
        cls.article = tagged_story(
            cls.topic, cls.actor, cls.country, title="Reprise des pourparlers à Genève"
        )
        cls.draft = ArticleFactory(title="Brouillon secret", status=ArticleStatus.DRAFT)

    def test_home_lists_published_stories(self):
        """The home page lists published stories with their tags, never drafts."""
        response = self.client.get(reverse("articles:list"))
        self.assertContains(response, "Reprise des pourparlers à Genève")
        self.assertContains(response, self.topic.get_absolute_url())
        self.assertContains(response, self.actor.get_absolute_url())
        self.assertContains(response, "/countries/ua/")
        self.assertNotContains(response, "Brouillon secret")

    def test_topic_country_actor_pages(self):
        """Each tag page lists the story tagged with it."""
        for url in (
            reverse("articles:topic", args=["negotiations"]),
            reverse("articles:country", args=["UA"]),
            reverse("articles:country", args=["ua"]),
            reverse("articles:actor", args=["envoyee-speciale"]),
        ):
            response = self.client.get(url)
            self.assertContains(response, "Reprise des pourparlers à Genève", msg_prefix=url)

    def test_unknown_tags_are_404(self):
        """Unknown topic, country or actor pages answer 404."""
        for url in ("/topics/nope/", "/countries/zz/", "/actors/nobody/", "/articles/nothing/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_article_page_shows_structure(self):
        """The article page shows the headings as headings and links its tags."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, "<h2>Contexte</h2>", html=True)
        self.assertContains(response, self.actor.get_absolute_url())
        self.assertContains(response, 'lang="fr"')

    def test_drafts_hidden_from_readers_shown_to_staff(self):
        """Readers get 404 on a draft; staff preview it."""
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)
        staff = User.objects.create_user("editor", password="x", is_staff=True)
        self.client.force_login(staff)
        self.assertContains(self.client.get(self.draft.get_absolute_url()), "Brouillon secret")

    def test_merged_actor_redirects(self):
        """A merged actor's page redirects to the actor it was merged into."""
        old = ActorFactory(name="Ancien Nom", slug="ancien-nom", merged_into=self.actor)
        response = self.client.get(old.get_absolute_url())
        self.assertRedirects(response, self.actor.get_absolute_url(), status_code=301)

    def test_health(self):
        """/health/ answers 200 after a database round trip."""
        with self.assertNumQueries(1):
            response = self.client.get(reverse("health"))
        self.assertEqual(response.content, b"ok")

    def test_feeds_and_sitemap(self):
        """The feeds and the sitemap list the published story."""
        for url in (
            reverse("articles:feed-latest"),
            reverse("articles:feed-topic", args=["negotiations"]),
            reverse("sitemap"),
        ):
            response = self.client.get(url)
            self.assertContains(response, self.article.get_absolute_url(), msg_prefix=url)


class QueryCountTests(TestCase):
    """Pages must cost the same number of queries whatever the number of stories they show;
    a query per story would make a page of 20 stories twenty times slower."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes")
        cls.actor = ActorFactory(slug="porte-parole")
        cls.country = Country.objects.get(code="UA")

    def count_queries(self, url, stories):
        for _ in range(stories):
            tagged_story(self.topic, self.actor, self.country)
        self.client.get(url)  # warm caches such as content types
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_list_pages_bounded(self):
        """Home, topic, country, actor and filtered pages: same queries for 2 or 15 stories."""
        urls = [
            reverse("articles:list"),
            reverse("articles:topic", args=["strikes"]),
            reverse("articles:country", args=["ua"]),
            reverse("articles:actor", args=["porte-parole"]),
            reverse("articles:list") + "?topic=strikes&country=UA&actor=porte-parole",
            reverse("articles:list") + "?q=pourparlers",
        ]
        few = [self.count_queries(url, 0 if i else 2) for i, url in enumerate(urls)]
        many = [self.count_queries(url, 0 if i else 13) for i, url in enumerate(urls)]
        self.assertEqual(few, many)
        self.assertLessEqual(max(many), 12)

    def test_article_page_bounded(self):
        """The article page costs a fixed number of queries."""
        article = tagged_story(self.topic, self.actor, self.country)
        with self.assertNumQueries(6):
            self.client.get(article.get_absolute_url())
