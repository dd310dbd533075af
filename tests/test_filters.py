from datetime import timedelta

from django.http import QueryDict
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from articles.filters import (
    MAX_VALUES,
    ArticleFilter,
    SortOrder,
    active_filters,
    build_facets,
    count_facets,
    toggled,
)
from articles.models import Article, Country, Decision

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
        self.assertEqual(response.context["story_ids"], [self.both.pk])

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
            {"q": '"cessez-le-feu -Gaza OR ((( :* & | !'},
            {"q": "\U0001f600 \u202e\u0301 \ufeff \u200b"},
            {"topic": ["a", "b", "c", "d", "e", "f"]},
            {"actor": "\x00"},
            {"date_before": "2020-02-30"},
            {"sort": "random"},
        ):
            response = self.client.get(reverse("articles:list"), params)
            self.assertEqual(response.status_code, 200, params)
        # Bytes that are not UTF-8, and an encoded lone surrogate, straight in the query string.
        for query in ("q=%FF%FE%00", "q=%ED%A0%80", "q=%C0%80&topic=%00", "q=" + "a%20" * 5000):
            response = self.client.get(f"{reverse('articles:list')}?{query}")
            self.assertEqual(response.status_code, 200, query[:40])

    def test_several_values_narrow_together(self):
        """Several topics or actors in the query string must all be present on a story."""
        other = TopicFactory(slug="talks")
        ArticleTopicFactory(article=self.both, topic=other)
        params = QueryDict("topic=strikes&topic=talks")
        self.assertEqual(
            set(ArticleFilter(params, queryset=Article.objects.published()).qs), {self.both}
        )

    def test_too_many_values_are_an_error(self):
        """More tags than a list can usefully combine is a form error."""
        params = QueryDict("&".join(f"topic=strikes{n}" for n in range(MAX_VALUES + 1)))
        filterset = ArticleFilter(params, queryset=Article.objects.all())
        self.assertFalse(filterset.is_valid())
        self.assertIn("topic", filterset.errors)

    def test_date_bounds_include_whole_days(self):
        """Both date bounds include the stories of that day."""
        today = timezone.localdate().isoformat()
        self.assertIn(self.both, self.filtered(date_after=today, date_before=today))
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        self.assertNotIn(self.both, self.filtered(date_before=yesterday))

    def test_language(self):
        """The language filter keeps stories written in that language."""
        english = ArticleFactory(title="In English", language="en")
        self.assertEqual(self.filtered(language="en"), {english})

    def test_search_combines_with_filters(self):
        """Words narrow a list already narrowed by tags."""
        self.assertEqual(self.filtered(q="frappe", topic="strikes", country="UA"), {self.both})
        self.assertEqual(self.filtered(q="ancienne", topic="strikes"), set())

    def test_sort_is_relevance_only_when_searching(self):
        """Search results default to relevance; plain lists to date."""
        self.assertEqual(ArticleFilter({"q": "frappe"}).sort, SortOrder.RELEVANCE)
        self.assertEqual(ArticleFilter({"q": "frappe", "sort": "date"}).sort, SortOrder.DATE)
        self.assertEqual(ArticleFilter({}).sort, SortOrder.DATE)


class FacetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(slug="strikes", name_fr="Frappes", name_en="Strikes")
        cls.ukraine = Country.objects.get(code="UA")
        cls.section = SectionFactory(name="Monde", slug="monde")
        for _ in range(2):
            article = ArticleFactory(section=cls.section)
            ArticleTopicFactory(article=article, topic=cls.topic)
            ArticleCountryFactory(article=article, country=cls.ukraine)
        rejected = ArticleFactory(section=None)
        ArticleTopicFactory(article=rejected, topic=cls.topic, decision=Decision.REJECTED)

    def test_counts_in_a_fixed_number_of_queries(self):
        """Facets count the visible tags of the stories, in four queries whatever their number."""
        ids = list(Article.objects.published().values_list("pk", flat=True))
        with self.assertNumQueries(4):
            counts = count_facets(ids)
        facets = {facet.name: facet for facet in build_facets(counts, QueryDict())}
        self.assertEqual([(v.key, v.count) for v in facets["topic"].values], [("strikes", 2)])
        self.assertEqual([(v.key, v.count) for v in facets["country"].values], [("UA", 2)])
        self.assertEqual([(v.key, v.count) for v in facets["section"].values], [("monde", 2)])
        self.assertNotIn("actor", facets)

    def test_labels_follow_the_reader_language(self):
        """One count serves readers of both languages, each with their own labels."""
        counts = count_facets(Article.objects.published().values_list("pk", flat=True))
        with translation.override("en"):
            [english] = build_facets(counts, QueryDict())[0].values
        with translation.override("fr"):
            [french] = build_facets(counts, QueryDict())[0].values
        self.assertEqual((english.label, french.label), (self.topic.name_en, self.topic.name_fr))
        self.assertNotEqual(english.label, french.label)

    def test_fixed_tag_is_left_out(self):
        """The tag a page is about does not appear in its own facet."""
        ids = Article.objects.published().values_list("pk", flat=True)
        counts = count_facets(ids, fixed={"topic": "strikes"})
        self.assertEqual(counts["topic"], [])
        names = [facet.name for facet in build_facets(counts, QueryDict())]
        self.assertNotIn("topic", names)
        self.assertIn("country", names)

    def test_links_toggle_values(self):
        """A link adds a value that is absent and removes one that is present."""
        params = QueryDict("topic=strikes&page=3&q=feu")
        self.assertEqual(toggled(params, "topic", "talks"), "?topic=strikes&topic=talks&q=feu")
        self.assertEqual(toggled(params, "topic", "strikes"), "?q=feu")
        self.assertEqual(toggled(QueryDict("country=ua"), "country", "UA"), "?")
        self.assertEqual(toggled(QueryDict("section=a"), "section", "b"), "?section=b")

    def test_active_filters_say_how_to_lift_them(self):
        """Each filter in force comes with the link that removes it."""
        filterset = ArticleFilter(
            QueryDict("topic=strikes&country=UA&q=frappe"), queryset=Article.objects.all()
        )
        lifted = {active.remove_url for active in active_filters(filterset)}
        self.assertEqual(
            lifted, {"?country=UA&q=frappe", "?topic=strikes&q=frappe", "?topic=strikes&country=UA"}
        )
