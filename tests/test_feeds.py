import feedparser
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import ArticleStatus, Country

from .factories import (
    ActorFactory,
    ArticleActorFactory,
    ArticleCountryFactory,
    ArticleFactory,
    ArticleTopicFactory,
    SectionFactory,
    TopicFactory,
)

# Pages are tested as the views build them, not as the page cache serves them; readers with no
# language preference get French, and these tests read the English strings.
ENGLISH_UNCACHED = override_settings(LANGUAGE_CODE="en", PAGE_CACHE_SECONDS=0)


@ENGLISH_UNCACHED
class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes", name_fr="Frappes", name_en="Strikes")
        cls.actor = ActorFactory(name="Porte-Parole", slug="porte-parole")
        cls.ukraine = Country.objects.get(code="UA")
        cls.tagged = ArticleFactory(
            title="Frappe sur Kharkiv",
            author="Une Envoyée",
            section=SectionFactory(name="Monde", slug="monde"),
        )
        ArticleTopicFactory(article=cls.tagged, topic=cls.topic)
        ArticleActorFactory(article=cls.tagged, actor=cls.actor)
        ArticleCountryFactory(article=cls.tagged, country=cls.ukraine)
        cls.untagged = ArticleFactory(title="Sommet sans accord")
        ArticleFactory(title="Brouillon caché", status=ArticleStatus.DRAFT)

    def parse(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, f"{url}: {feed.get('bozo_exception')}")
        return feed

    def titles(self, feed):
        return {entry.title for entry in feed.entries}

    def test_every_feed_parses_in_rss_and_atom(self):
        """Latest, topic, country and actor feeds are valid RSS and Atom."""
        for name, args in (
            ("articles:feed-latest", []),
            ("articles:feed-topic", ["strikes"]),
            ("articles:feed-country", ["ua"]),
            ("articles:feed-actor", ["porte-parole"]),
        ):
            rss = self.parse(reverse(name, args=args))
            atom = self.parse(reverse(f"{name}-atom", args=args))
            self.assertEqual(rss.version, "rss20")
            self.assertEqual(atom.version, "atom10")
            self.assertIn("Frappe sur Kharkiv", self.titles(rss))
            self.assertEqual(self.titles(rss), self.titles(atom))
            self.assertNotIn("Brouillon caché", self.titles(rss))

    def test_entries_carry_guid_dates_and_categories(self):
        """Each entry has a permanent GUID, its dates, its tags as categories and its author."""
        feed = self.parse(reverse("articles:feed-topic", args=["strikes"]))
        entry = feed.entries[0]
        url = f"http://testserver{self.tagged.get_absolute_url()}"
        self.assertEqual(entry.id, url)
        self.assertEqual(entry.link, url)
        self.assertIsNotNone(entry.published_parsed)
        self.assertEqual(
            {tag.term for tag in entry.tags},
            {self.topic.name_en, "Ukraine", "Porte-Parole", "Monde"},
        )
        self.assertIn("Une Envoyée", entry.author)
        atom = self.parse(reverse("articles:feed-topic-atom", args=["strikes"]))
        self.assertIsNotNone(atom.entries[0].updated_parsed)
        self.assertEqual(atom.entries[0].id, url)

    def test_feeds_honour_list_filters(self):
        """A feed takes the same query string as the list it follows."""
        feed = self.parse(reverse("articles:feed-latest"), topic="strikes")
        self.assertEqual(self.titles(feed), {"Frappe sur Kharkiv"})
        feed = self.parse(reverse("articles:feed-latest-atom"), q="sommet")
        self.assertEqual(self.titles(feed), {"Sommet sans accord"})
        self.assertIn("sommet", feed.feed.title)
        self.assertIn("?q=sommet", feed.feed.link)

    def test_bad_filters_give_an_empty_feed(self):
        """Unknown filter values give a valid, empty feed rather than an error."""
        feed = self.parse(reverse("articles:feed-latest"), country="ZZ")
        self.assertEqual(feed.entries, [])

    def test_unknown_subjects_are_404(self):
        """Feeds of unknown topics, countries or actors answer 404."""
        for url in ("/feeds/topics/nope/", "/feeds/countries/zz/atom/", "/feeds/actors/nobody/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_merged_actor_feed_follows_the_new_actor(self):
        """Subscribers to a merged actor's feed receive the stories of the actor it became."""
        ActorFactory(name="Ancien Nom", slug="ancien-nom", merged_into=self.actor)
        feed = self.parse(reverse("articles:feed-actor", args=["ancien-nom"]))
        self.assertIn("Frappe sur Kharkiv", self.titles(feed))
        self.assertIn("Porte-Parole", feed.feed.title)
