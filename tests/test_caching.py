import os
import unittest

from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.caching import GENERATION_KEY, page_generation
from articles.models import Article, ArticleStatus, Country

from .factories import (
    ArticleCountryFactory,
    ArticleFactory,
    ArticleTopicFactory,
    TopicFactory,
)


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_anonymous_pages_cached_until_a_story_changes(self):
        """A second anonymous visit costs no query; publishing a story refreshes the page."""
        ArticleFactory(title="Premier récit")
        url = reverse("articles:list")
        self.client.get(url)
        with self.assertNumQueries(0):
            response = self.client.get(url)
        self.assertContains(response, "Premier récit")
        ArticleFactory(title="Nouvelle dépêche")
        self.assertContains(self.client.get(url), "Nouvelle dépêche")

    def test_stray_parameters_share_the_cached_page(self):
        """A parameter no page reads is served the cached page; one a page reads is not."""
        ArticleFactory(title="Premier récit")
        url = reverse("articles:list")
        self.client.get(url)
        with self.assertNumQueries(0):
            response = self.client.get(url, {"utm_source": "x", "nocache": "42"})
        self.assertContains(response, "Premier récit")
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url, {"q": "récit"})
        self.assertGreater(len(queries), 0)

    def test_losing_the_generation_never_revives_old_pages(self):
        """If the cache loses its generation key, pages cached before are not served again."""
        story = ArticleFactory(title="Titre initial")
        url = reverse("articles:list")
        cache.delete(GENERATION_KEY)  # as after a restart of the cache
        self.assertContains(self.client.get(url), "Titre initial")
        story.title = "Titre changé"
        story.save()
        self.assertContains(self.client.get(url), "Titre changé")
        cache.delete(GENERATION_KEY)  # lost again: the first generation must not come back
        self.assertContains(self.client.get(url), "Titre changé")

    def test_unpublishing_refreshes(self):
        """A story returned to draft disappears from cached pages at once."""
        story = ArticleFactory(title="Récit à retirer")
        url = reverse("articles:list")
        self.assertContains(self.client.get(url), "Récit à retirer")
        story.status = ArticleStatus.DRAFT
        story.save()
        self.assertNotContains(self.client.get(url), "Récit à retirer")

    def test_editors_always_fresh(self):
        """Signed-in editors are never served from the cache."""
        ArticleFactory()
        self.client.force_login(User.objects.create_user("ed", password="x", is_staff=True))
        url = reverse("articles:list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        self.assertGreater(len(queries), 0)

    def test_conditional_get(self):
        """A page comes with an ETag, and the same ETag gets 304 Not Modified."""
        ArticleFactory()
        url = reverse("articles:list")
        etag = self.client.get(url)["ETag"]
        response = self.client.get(url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)

    @override_settings(DEBUG=False, ALLOWED_HOSTS=["news.example.org"])
    def test_cached_page_refused_to_unknown_host(self):
        """A page in the cache is still refused with 400 to a request for an unknown Host."""
        ArticleFactory()
        host = {"host": "news.example.org"}
        self.assertEqual(self.client.get("/", headers=host).status_code, 200)
        self.assertEqual(self.client.get("/", headers=host).status_code, 200)
        response = self.client.get("/", headers={"host": "evil.example.com"})
        self.assertEqual(response.status_code, 400)


@override_settings(PAGE_CACHE_SECONDS=0, LIST_CACHE_SECONDS=300)
class ListCacheTests(TestCase):
    """Lists built from cached parts: the selection, the cards and the facets."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes")
        cls.stories = [ArticleFactory(title=f"Frappe numéro {n}") for n in range(25)]
        for story in cls.stories:
            ArticleTopicFactory(article=story, topic=cls.topic)

    def test_later_pages_and_stray_parameters_cost_few_queries(self):
        """Once a list is read, its next page costs the stories of that page and a stray
        parameter (a bot's, a tracker's) no story query at all."""
        url = reverse("articles:topic", args=["strikes"])
        first = self.client.get(url)
        self.assertContains(first, "Frappe numéro 24")
        # The topic of the page, the stories of page 2 and their three kinds of tags.
        with self.assertNumQueries(5):
            second = self.client.get(url, {"page": 2})
        self.assertContains(second, "Frappe numéro 4")
        self.assertNotContains(second, "Frappe numéro 24")
        with self.assertNumQueries(1):  # every card of page 1 is cached: only the topic
            again = self.client.get(url, {"utm_source": "bot"})
        self.assertContains(again, "Frappe numéro 24")
        self.assertEqual(again.context["total"], 25)

    def test_a_filtered_list_read_again_costs_no_query(self):
        """The form's reading of the address is kept with the list: the tags named in it are
        not looked up again, and nothing else is read when the cards are cached."""
        url = reverse("articles:list")
        params = {"topic": "strikes", "language": "fr"}
        first = self.client.get(url, params)
        self.assertEqual(first.context["total"], 25)
        with self.assertNumQueries(0):
            again = self.client.get(url, {**params, "page": "1", "utm_source": "bot"})
        self.assertEqual(again.context["total"], 25)
        self.assertContains(again, "Frappe numéro 24")
        self.assertContains(again, 'class="active-filters"')
        self.assertContains(again, f"<strong>{self.topic.name_fr}</strong>", html=False)

    def test_an_unknown_tag_is_reported_from_the_cache_too(self):
        """An address naming a tag that does not exist lists nothing and says why, whether
        its parts were just built or come from the cache."""
        url = reverse("articles:list")
        for _ in range(2):
            response = self.client.get(url, {"topic": "nope"})
            self.assertEqual(response.context["total"], 0)
            self.assertContains(response, 'class="error" role="alert"')
            self.assertNotContains(response, "Frappe numéro")

    def test_the_cached_menu_marks_the_page_it_is_on(self):
        """The menu is cached once per page it can mark, never shown marked on another."""
        TopicFactory(slug="talks")
        current = 'aria-current="page"'
        strikes = self.client.get(reverse("articles:topic", args=["strikes"]))
        talks = self.client.get(reverse("articles:topic", args=["talks"]))
        home = self.client.get(reverse("articles:list"))
        filtered = self.client.get(reverse("articles:list"), {"topic": "strikes"})
        self.assertContains(strikes, f'href="/topics/strikes/" {current}')
        self.assertNotContains(strikes, f'href="/topics/talks/" {current}')
        self.assertContains(talks, f'href="/topics/talks/" {current}')
        self.assertNotContains(talks, f'href="/topics/strikes/" {current}')
        self.assertContains(home, f'href="/" {current}')
        self.assertNotContains(filtered, current)

    def test_a_change_to_a_story_refreshes_every_part(self):
        """Retitling, retagging or adding a story shows at once in lists already cached."""
        url = reverse("articles:topic", args=["strikes"])
        self.client.get(url)
        story = self.stories[-1]
        story.title = "Titre corrigé"
        story.save()
        self.assertContains(self.client.get(url), "Titre corrigé")
        story.article_topics.all().delete()
        response = self.client.get(url)
        self.assertNotContains(response, "Titre corrigé")
        self.assertEqual(response.context["total"], 24)

    def test_editors_get_fresh_parts(self):
        """A change that bypasses the signals stays hidden from readers until the cache
        expires, never from signed-in editors."""
        url = reverse("articles:topic", args=["strikes"])
        self.client.get(url)
        Article.objects.filter(pk=self.stories[-1].pk).update(title="Changé en silence")
        self.assertNotContains(self.client.get(url), "Changé en silence")
        self.client.force_login(User.objects.create_user("ed", password="x", is_staff=True))
        self.assertContains(self.client.get(url), "Changé en silence")

    def test_cards_follow_the_interface_language(self):
        """A card cached for French readers is not served to English ones."""
        url = reverse("articles:topic", args=["strikes"])
        french = self.client.get(url, headers={"accept-language": "fr"})
        english = self.client.get(url, headers={"accept-language": "en"})
        self.assertContains(french, self.topic.name_fr)
        self.assertContains(english, self.topic.name_en)
        self.assertNotContains(english, f">{self.topic.name_fr}<")

    def test_search_results_mark_their_own_words(self):
        """Cards of a search mark the words searched, not those of an earlier search."""
        url = reverse("articles:list")
        self.client.get(url)
        response = self.client.get(url, {"q": "numéro"})
        self.assertContains(response, "<mark>")
        self.assertNotContains(self.client.get(url), "<mark>")


def redis_available(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHES = {
    name: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": f"test-{name}",
    }
    for name in ("default", "lists")
}


@unittest.skipUnless(redis_available(REDIS_TEST_URL), "no Redis server to test against")
@override_settings(CACHES=REDIS_CACHES, PAGE_CACHE_SECONDS=0, LIST_CACHE_SECONDS=300)
class RedisListCacheTests(TestCase):
    """The list parts, as production keeps them: in Redis, shared by every web process."""

    def setUp(self):
        for name in REDIS_CACHES:
            caches[name].clear()

    def test_parts_survive_the_round_trip_through_redis(self):
        """Selections, cards, panels and the menu come back from Redis, and a change shows."""
        topic = TopicFactory(slug="strikes")
        for n in range(3):
            ArticleTopicFactory(article=ArticleFactory(title=f"Dépêche {n}"), topic=topic)
        url = reverse("articles:topic", args=["strikes"])
        self.client.get(url)
        with self.assertNumQueries(1):  # only the topic the page is about
            again = self.client.get(url, {"utm_source": "feed"})
        for n in range(3):
            self.assertContains(again, f"Dépêche {n}")
        self.assertContains(again, 'class="facets"')
        self.assertEqual(again.context["total"], 3)
        story = Article.objects.get(title="Dépêche 2")
        story.title = "Dépêche corrigée"
        story.save()
        self.assertContains(self.client.get(url), "Dépêche corrigée")


@override_settings(PAGE_CACHE_SECONDS=0, LIST_CACHE_SECONDS=300)
class EmptyPartsTests(TestCase):
    def test_a_chart_with_no_data_is_cached_too(self):
        """A country with no toll reported has no chart; finding that out is not repeated."""
        story = ArticleFactory(title="Pourparlers à Genève")
        ArticleCountryFactory(article=story, country=Country.objects.get(code="CH"))
        url = reverse("articles:country", args=["ch"])
        self.assertNotContains(self.client.get(url), 'class="profile"')
        with self.assertNumQueries(1):  # only the country the page is about
            response = self.client.get(url)
        self.assertNotContains(response, 'class="profile"')
        self.assertContains(response, "Pourparlers à Genève")


class CommitInvalidationTests(TransactionTestCase):
    """With real commits, as editors' saves run in production."""

    def test_pages_are_dropped_again_when_the_change_commits(self):
        """A change made in a transaction drops cached pages at once and once more when it
        commits, so that a page cached meanwhile from the old rows is never served."""
        before = page_generation()
        with transaction.atomic():
            story = ArticleFactory(title="Avant")
            story.title = "Après"
            story.save()
            during = page_generation()
        self.assertGreater(during, before)
        self.assertEqual(page_generation(), during + 1)  # once at commit, however many saves
