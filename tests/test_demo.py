from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ArticleStatus


class DemoLoaderTests(TestCase):
    def test_demo_loads_once_and_fills_every_page(self):
        """load_demo publishes tagged stories, and running it again adds nothing."""
        call_command("load_demo", stdout=StringIO())
        count = Article.objects.count()
        self.assertGreaterEqual(count, 20)
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Article.objects.count(), count)
        self.assertFalse(Article.objects.exclude(status=ArticleStatus.PUBLISHED).exists())
        self.assertEqual(set(Article.objects.values_list("language", flat=True)), {"fr", "en"})
        for url in (
            reverse("articles:topic", args=["negotiations"]),
            reverse("articles:topic", args=["strikes"]),
            reverse("articles:topic", args=["casualties"]),
            reverse("articles:country", args=["ua"]),
        ):
            response = self.client.get(url)
            self.assertGreater(len(response.context["story_ids"]), 0, url)
