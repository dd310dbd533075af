from datetime import timedelta

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ActorAlias, ActorKind, ArticleStatus, Country, Decision, Quote

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


def tagged_story(topic, actor, country, **kwargs):
    article = ArticleFactory(**kwargs)
    ArticleTopicFactory(article=article, topic=topic)
    ArticleActorFactory(article=article, actor=actor)
    ArticleCountryFactory(article=article, country=country)
    return article


@ENGLISH_UNCACHED
class PageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(
            slug="negotiations",
            name_fr="Négociations",
            name_en="Negotiations",
            description="Pourparlers, trêves et accords.",
        )
        cls.actor = ActorFactory(
            name="Envoyée Spéciale",
            slug="envoyee-speciale",
            kind=ActorKind.PERSON,
            country=Country.objects.get(code="FR"),
        )
        ActorAlias.objects.create(actor=cls.actor, name="l'Envoyée")
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
        """The feeds and the sitemap list the published story and the pages about its tags."""
        for url in (
            reverse("articles:feed-latest"),
            reverse("articles:feed-topic", args=["negotiations"]),
            reverse("sitemap"),
        ):
            response = self.client.get(url)
            self.assertContains(response, self.article.get_absolute_url(), msg_prefix=url)
        sitemap = self.client.get(reverse("sitemap")).content.decode()
        self.assertIn("/countries/ua/", sitemap)
        self.assertIn("/actors/envoyee-speciale/", sitemap)
        self.assertNotIn("/countries/zw/", sitemap)

    def test_pages_announce_their_feeds(self):
        """Every list page announces its RSS and Atom feeds, keeping the filters in force."""
        cases = {
            reverse("articles:list"): "/feeds/latest/",
            reverse("articles:topic", args=["negotiations"]): "/feeds/topics/negotiations/",
            reverse("articles:country", args=["ua"]): "/feeds/countries/ua/",
            reverse("articles:actor", args=["envoyee-speciale"]): "/feeds/actors/envoyee-speciale/",
        }
        for url, feed in cases.items():
            response = self.client.get(url)
            self.assertContains(
                response, '<link rel="alternate" type="application/rss+xml"', msg_prefix=url
            )
            self.assertContains(response, f'href="{feed}"', msg_prefix=url)
            self.assertContains(response, f'href="{feed}atom/"', msg_prefix=url)
        response = self.client.get(reverse("articles:list"), {"topic": "negotiations", "page": 1})
        self.assertContains(response, 'href="/feeds/latest/?topic=negotiations"')

    def test_canonical_and_open_graph(self):
        """Pages name their canonical address; articles carry Open Graph tags."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response,
            f'<link rel="canonical" href="http://testserver{self.article.get_absolute_url()}">',
        )
        self.assertContains(response, '<meta property="og:type" content="article">')
        self.assertContains(response, '<meta property="article:tag" content="Negotiations">')
        response = self.client.get(reverse("articles:list"), {"topic": "negotiations", "sort": "x"})
        self.assertContains(
            response, 'rel="canonical" href="http://testserver/?topic=negotiations"'
        )


@ENGLISH_UNCACHED
class FacetPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.strikes = TopicFactory(slug="strikes", name_fr="Frappes", name_en="Strikes")
        cls.talks = TopicFactory(slug="talks", name_fr="Pourparlers", name_en="Talks")
        cls.ukraine = Country.objects.get(code="UA")
        cls.russia = Country.objects.get(code="RU")
        cls.actor = ActorFactory(name="Porte-Parole", slug="porte-parole")
        for _ in range(3):
            tagged_story(cls.strikes, cls.actor, cls.ukraine)
        tagged_story(cls.talks, cls.actor, cls.russia)

    def test_list_counts_each_tag_and_links_to_narrow(self):
        """The list shows how many stories carry each tag, each a link adding it to the filters."""
        response = self.client.get(reverse("articles:list"))
        facets = {facet.name: facet for facet in response.context["facets"]}
        topics = {value.key: value for value in facets["topic"].values}
        self.assertEqual(topics["strikes"].count, 3)
        self.assertEqual(topics["talks"].count, 1)
        self.assertEqual(topics["strikes"].url, "?topic=strikes")
        self.assertContains(response, 'href="?country=UA"')
        self.assertContains(response, '<span class="count">3</span>', html=True)

    def test_active_value_links_to_widen(self):
        """A value already in force is marked and links to the list without it."""
        response = self.client.get(reverse("articles:list"), {"topic": "strikes", "country": "ua"})
        facets = {facet.name: facet for facet in response.context["facets"]}
        strikes = next(value for value in facets["topic"].values if value.key == "strikes")
        self.assertTrue(strikes.is_active)
        self.assertEqual(strikes.url, "?country=ua")
        ukraine = next(value for value in facets["country"].values if value.key == "UA")
        self.assertTrue(ukraine.is_active)
        self.assertEqual(ukraine.url, "?topic=strikes")
        self.assertContains(response, 'aria-current="true"')

    def test_counts_follow_the_selection(self):
        """Counts describe the current selection, not the whole site."""
        response = self.client.get(reverse("articles:list"), {"country": "RU"})
        facets = {facet.name: facet for facet in response.context["facets"]}
        self.assertEqual([value.key for value in facets["topic"].values], ["talks"])

    def test_tag_pages_leave_their_own_tag_out(self):
        """A topic page does not count its own topic, and names the countries most involved."""
        response = self.client.get(reverse("articles:topic", args=["strikes"]))
        facets = {facet.name: facet for facet in response.context["facets"]}
        topics = facets["topic"].values if "topic" in facets else []
        self.assertNotIn("strikes", [value.key for value in topics])
        self.assertEqual(facets["country"].values[0].key, "UA")
        self.assertContains(response, "Countries most involved")

    def test_empty_selection_says_how_to_widen(self):
        """An empty list says so and links to the same list without each filter."""
        response = self.client.get(reverse("articles:list"), {"topic": "talks", "country": "UA"})
        self.assertContains(response, "No story matches this selection.")
        self.assertContains(response, 'href="?country=UA"')
        self.assertContains(response, 'href="?topic=talks"')
        # Nothing to narrow: no empty panel, and no link to it.
        self.assertNotContains(response, 'class="facets"')
        self.assertNotContains(response, "#facets-title")

    def test_count_is_shown(self):
        """The list says how many stories it holds."""
        response = self.client.get(reverse("articles:list"), {"topic": "strikes"})
        self.assertContains(response, "3 stories")


@ENGLISH_UNCACHED
class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="casualties", name_fr="Bilans", name_en="Casualties")
        cls.actor = ActorFactory(name="Jean Témoin", slug="jean-temoin")
        cls.other = ActorFactory(name="Paul Autre", slug="paul-autre")
        cls.ukraine = Country.objects.get(code="UA")
        cls.article = ArticleFactory(
            title="Jean Témoin à Kiev",
            lede="Jean Témoin <script>alert(1)</script> parle de l'Ukraine.",
            body=(
                "## Contexte\n\nSelon Jean Témoin, une frappe a tué environ 20 personnes. "
                "Le général Autre se tait."
            ),
            killed=20,
            wounded=45,
            is_toll_approximate=True,
            toll_evidence="une frappe a tué environ 20 personnes",
            toll_attribution="les autorités régionales",
        )
        # Part 1 is the lede; part 3 the first paragraph (part 2 is the heading).
        ArticleActorFactory(
            article=cls.article,
            actor=cls.actor,
            mentions=[[1, 0, 11], [1, 0, 4], [3, 6, 17], [9, 0, 3], [3, 50, 9999]],
        )
        ArticleCountryFactory(article=cls.article, country=cls.ukraine)
        ArticleTopicFactory(article=cls.article, topic=cls.topic)
        Quote.objects.create(article=cls.article, actor=cls.actor, text="Nous resterons.")
        Quote.objects.create(
            article=cls.article, text="Citation écartée", decision=Decision.REJECTED
        )
        cls.related = ArticleFactory(title="Une autre histoire de Jean")
        ArticleActorFactory(article=cls.related, actor=cls.actor)
        cls.unrelated = ArticleFactory(title="Rien à voir")
        ArticleActorFactory(article=cls.unrelated, actor=cls.other)

    def get(self):
        return self.client.get(self.article.get_absolute_url())

    def test_mentions_are_linked_and_text_escaped(self):
        """Stored mentions become links, overlapping ones merged, invalid ones ignored."""
        response = self.get()
        link = '<a class="mention mention-actor" href="/actors/jean-temoin/">Jean Témoin</a>'
        self.assertContains(response, link, count=2)
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")

    def test_countries_are_linked_by_name(self):
        """A tagged country is linked where the text names it."""
        response = self.get()
        self.assertContains(
            response, '<a class="mention mention-country" href="/countries/ua/">Ukraine</a>'
        )

    def test_actor_without_offsets_is_found_by_name(self):
        """An actor tagged without offsets is linked where its name or an alias appears."""
        ActorAlias.objects.create(actor=self.other, name="général Autre")
        ArticleActorFactory(article=self.article, actor=self.other)
        response = self.get()
        self.assertContains(
            response,
            '<a class="mention mention-actor" href="/actors/paul-autre/">général Autre</a>',
        )

    def test_fact_box_shows_toll_with_its_source(self):
        """The fact box gives the toll, marked approximate, with its evidence and who gives it."""
        response = self.get()
        self.assertContains(response, "≈")
        self.assertContains(response, '<span class="visually-hidden">about </span>20', html=False)
        self.assertContains(response, "45")
        self.assertContains(response, "les autorités régionales")
        self.assertContains(response, "une frappe a tué environ 20 personnes")

    def test_quotes_shown_unless_rejected(self):
        """Quotes appear with their speaker; rejected ones do not."""
        response = self.get()
        self.assertContains(response, "Nous resterons.")
        self.assertNotContains(response, "Citation écartée")

    def test_related_stories_share_tags(self):
        """Related stories share an actor or a topic with the story."""
        related = self.get().context["related"]
        self.assertEqual(related, [self.related])


@ENGLISH_UNCACHED
class ProfilePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ukraine = Country.objects.get(code="UA")
        cls.actor = ActorFactory(
            name="Olena Exemple", slug="olena-exemple", kind=ActorKind.ARMED_FORCE
        )
        cls.actor.country = cls.ukraine
        cls.actor.save()
        ActorAlias.objects.create(actor=cls.actor, name="O. Exemple")
        cls.partner = ActorFactory(name="Partenaire Fidèle", slug="partenaire-fidele")
        cls.topic = TopicFactory(slug="strikes")
        now = timezone.now()
        for weeks in (1, 1, 3):
            article = tagged_story(
                cls.topic,
                cls.actor,
                cls.ukraine,
                published_at=now - timedelta(weeks=weeks),
                killed=10 * weeks,
                wounded=weeks,
            )
            ArticleActorFactory(article=article, actor=cls.partner)
        Quote.objects.create(article=article, actor=cls.actor, text="Nous tiendrons la ligne.")

    def test_actor_page(self):
        """An actor page gives kind, country, aliases, quotes, co-mentions and a weekly chart."""
        response = self.client.get(self.actor.get_absolute_url())
        self.assertContains(response, "Armed force or group")
        self.assertContains(response, 'href="/countries/ua/"')
        self.assertContains(response, "O. Exemple")
        self.assertContains(response, "Nous tiendrons la ligne.")
        self.assertContains(response, "Often mentioned with")
        self.assertContains(response, "Partenaire Fidèle")
        self.assertContains(response, '<svg viewBox="0 0 640 180" role="img"')
        self.assertContains(response, "<title>Stories per week</title>")
        chart = response.context["weekly_chart"]
        self.assertEqual(len(chart.points), 26)
        self.assertEqual(sum(point.values["stories"] for point in chart.points), 3)
        self.assertContains(response, '<table class="visually-hidden">')

    @override_settings(LIST_CACHE_SECONDS=300)
    def test_actor_profile_comes_from_the_list_cache(self):
        """Read again, an actor page costs the actor's lookup alone: its aliases, quotes and
        chart are kept with the list's parts."""
        url = self.actor.get_absolute_url()
        self.client.get(url)
        with self.assertNumQueries(1):
            response = self.client.get(url)
        for shown in ("O. Exemple", "Nous tiendrons la ligne.", "<title>Stories per week</title>"):
            self.assertContains(response, shown)

    def test_country_page_charts_tolls(self):
        """A country page charts the highest toll reported each month, with a text table."""
        response = self.client.get(reverse("articles:country", args=["ua"]))
        chart = response.context["toll_chart"]
        self.assertEqual(max(point.values["killed"] for point in chart.points), 30)
        self.assertContains(response, "Highest toll reported each month")
        self.assertContains(response, "Most mentioned actors")

    def test_topic_page_has_description_and_involvement(self):
        """A topic page shows the countries and actors most involved."""
        response = self.client.get(reverse("articles:topic", args=["strikes"]))
        self.assertContains(response, "Actors most involved")
        self.assertContains(response, "Olena Exemple")


@override_settings(PAGE_CACHE_SECONDS=0)
class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ArticleFactory(title="Un titre en français", language="fr")
        ArticleFactory(title="A title in English", language="en", slug="english-story")

    def test_interface_in_french_by_default_and_english_on_request(self):
        """The interface speaks French unless the reader prefers English; stories keep theirs."""
        french = self.client.get(reverse("articles:list"), headers={"accept-language": "fr"})
        self.assertContains(french, '<html lang="fr">')
        self.assertContains(french, "Dernières nouvelles")
        english = self.client.get(reverse("articles:list"), headers={"accept-language": "en"})
        self.assertContains(english, '<html lang="en">')
        self.assertContains(english, "Latest news")
        self.assertContains(english, '<h2 lang="en"><a href="/articles/english-story/">')

    def test_language_switch_remembers_the_choice(self):
        """The language switcher sets the language for the next pages."""
        response = self.client.get(
            reverse("articles:language", args=["en"]), {"next": "/topics/strikes/?page=1"}
        )
        self.assertRedirects(response, "/topics/strikes/?page=1", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), '<html lang="en">')
        self.client.get(reverse("articles:language", args=["fr"]))
        self.assertContains(self.client.get("/"), '<html lang="fr">')

    def test_language_switch_stays_on_the_site(self):
        """The switcher never redirects to another site, and knows only the site's languages."""
        response = self.client.get(
            reverse("articles:language", args=["en"]), {"next": "https://evil.example/"}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/language/de/").status_code, 404)

    def test_pages_set_no_cookie(self):
        """Reader pages set no cookie, so that one cached copy serves every reader."""
        self.assertEqual(self.client.get(reverse("articles:list")).cookies, {})


@ENGLISH_UNCACHED
class QueryCountTests(TestCase):
    """Pages must cost the same number of queries whatever the number of stories they show;
    a query per story would make a page of 20 stories twenty times slower."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes")
        cls.actor = ActorFactory(slug="porte-parole")
        cls.country = Country.objects.get(code="UA")
        cls.section = SectionFactory(slug="monde", name="Monde")

    def count_queries(self, url, stories):
        for _ in range(stories):
            article = tagged_story(
                self.topic, self.actor, self.country, section=self.section, killed=3
            )
            Quote.objects.create(article=article, actor=self.actor, text="Une phrase.")
        self.client.get(url)  # warm caches such as content types
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def test_list_pages_bounded(self):
        """Home, topic, country, actor, filtered and search pages: same queries for 2 or 15."""
        urls = [
            reverse("articles:list"),
            reverse("articles:topic", args=["strikes"]),
            reverse("articles:country", args=["ua"]),
            reverse("articles:actor", args=["porte-parole"]),
            reverse("articles:list") + "?topic=strikes&country=UA&actor=porte-parole&section=monde",
            reverse("articles:list") + "?q=pourparlers",
            reverse("articles:list") + "?q=pourparlers&sort=date",
            reverse("articles:feed-latest") + "?topic=strikes",
            reverse("articles:feed-actor-atom", args=["porte-parole"]),
        ]
        few = [self.count_queries(url, 0 if i else 2) for i, url in enumerate(urls)]
        many = [self.count_queries(url, 0 if i else 13) for i, url in enumerate(urls)]
        self.assertEqual(few, many)
        self.assertLessEqual(max(many), 16)

    def test_article_page_bounded(self):
        """The article page costs a fixed number of queries, related stories included."""
        article = tagged_story(self.topic, self.actor, self.country)
        for _ in range(5):
            tagged_story(self.topic, self.actor, self.country)
        with self.assertNumQueries(8):
            self.client.get(article.get_absolute_url())
