from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleStatus

from .factories import ArticleFactory


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
