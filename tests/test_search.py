from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import ActorAlias, Article
from articles.search import (
    MAX_QUERY_LENGTH,
    START,
    STOP,
    clean_query,
    mark_words,
    marked_html,
    query_words,
    story_query,
)

from .factories import ActorFactory, ArticleActorFactory, ArticleFactory

on_postgresql = skipUnless(connection.vendor == "postgresql", "full-text search is PostgreSQL's")


# Pages are tested as the views build them, not as the page cache serves them; readers with no
# language preference get French, and these tests read the English strings.
ENGLISH_UNCACHED = override_settings(LANGUAGE_CODE="en", PAGE_CACHE_SECONDS=0)


def found(query, queryset=None):
    return set(
        (queryset or Article.objects.published()).matching(query).values_list("title", flat=True)
    )


class QueryCleaningTests(TestCase):
    def test_queries_are_capped_and_printable(self):
        """Queries lose control characters and stop at the length limit."""
        self.assertEqual(clean_query("  a\x00b\tc\u202e  "), "a b c")
        self.assertEqual(len(clean_query("x" * 10_000)), MAX_QUERY_LENGTH)
        self.assertEqual(clean_query(None), "")

    def test_query_words_know_exclusions(self):
        """Quoted phrases, OR and "-word" are read as words wanted and words excluded."""
        self.assertEqual(
            query_words('"Cessez-le-feu" OR trêve -Gaza'), (["cessez-le-feu", "treve"], ["gaza"])
        )

    def test_marks_become_balanced_escaped_html(self):
        """Marked text is escaped; stray marks never leave a tag open or unmatched."""
        html = marked_html(f"<b>{START}x{STOP}</b>{STOP}{START}y")
        self.assertEqual(html, "&lt;b&gt;<mark>x</mark>&lt;/b&gt;<mark>y</mark>")

    def test_words_are_marked_without_accents_or_case(self):
        """Python marking finds the words whatever their accents and case."""
        self.assertEqual(
            mark_words("Les Négociations reprennent", "negociations"),
            f"Les {START}Négociations{STOP} reprennent",
        )


@ENGLISH_UNCACHED
class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.talks = ArticleFactory(
            title="Les négociations reprennent à Doha",
            lede="Les délégations se retrouvent.",
            body="Un cessez-le-feu est discuté au Qatar.",
        )
        cls.gaza = ArticleFactory(
            title="Trêve fragile",
            lede="Un cessez-le-feu est annoncé à Gaza.",
            body="Les frappes ont cessé dans la nuit.",
        )
        cls.strike = ArticleFactory(
            title="Une frappe sur le port",
            lede="Le port d'Odessa a été touché.",
            body="Aucune victime n'est signalée.",
        )
        cls.english = ArticleFactory(
            title="Drone strikes hit the capital",
            lede="Several drones were shot down.",
            body="Officials said the strike damaged a power plant.",
            language="en",
        )
        cls.hostile = ArticleFactory(
            title="<script>alert('négociations')</script> Négociations",
            lede="",
            body="",
        )
        cls.president = ActorFactory(name="Maksym Kovalenkovsky", slug="maksym-kovalenkovsky")
        ActorAlias.objects.create(actor=cls.president, name="Kovalenkovsky")
        cls.speech = ArticleFactory(
            title="Le président s'adresse au Parlement",
            lede="Un discours de vingt minutes.",
            body="Il a demandé davantage de défense aérienne.",
        )
        ArticleActorFactory(article=cls.speech, actor=cls.president)

    def test_accents_are_folded(self):
        """A word typed without accents finds the accented word, on every database."""
        self.assertIn(self.talks.title, found("negociations"))
        self.assertIn(self.talks.title, found("NÉGOCIATIONS"))
        self.assertNotIn(self.strike.title, found("negociations"))

    def test_hostile_queries_never_fail(self):
        """Operators, odd characters and huge queries give results or nothing, never an error."""
        for query in (
            '"',
            "-",
            "OR",
            "!!!",
            "((",
            "a:* & b | !c",
            "\x00",
            "é" * 10_000,
            "\u0301\ufeff",
            "le la",
        ):
            list(Article.objects.published().matching(query))
            response = self.client.get(reverse("articles:list"), {"q": query})
            self.assertEqual(response.status_code, 200, repr(query[:20]))

    def test_results_page_marks_the_words_safely(self):
        """Results mark the matching words, and stored text can never inject markup."""
        response = self.client.get(reverse("articles:list"), {"q": "negociations"})
        self.assertContains(response, "<mark>")
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, self.talks.get_absolute_url())

    def test_count_is_capped(self):
        """Beyond the cap the page says "more than" rather than counting every match."""
        with mock.patch("articles.listing.MAX_COUNT", 1):
            response = self.client.get(reverse("articles:list"), {"q": "cessez-le-feu"})
        self.assertContains(response, "More than 1 stories")

    def test_actor_names_are_suggested(self):
        """A search close to an actor's name suggests the actor's page."""
        response = self.client.get(reverse("articles:list"), {"q": "Kovalenkovsky"})
        self.assertContains(response, 'href="/actors/maksym-kovalenkovsky/"')

    @on_postgresql
    def test_stems_match_in_french_and_english(self):
        """Plural and singular forms find each other, in French and in English."""
        self.assertIn(self.strike.title, found("frappes"))
        self.assertIn(self.gaza.title, found("frappe"))
        self.assertIn(self.english.title, found("strike"))

    @on_postgresql
    def test_websearch_syntax(self):
        """Quoted phrases, "-word" exclusions and OR work as in a web search engine."""
        self.assertEqual(found('"cessez-le-feu" -Gaza'), {self.talks.title})
        self.assertEqual(found('"feu est discuté"'), {self.talks.title})
        self.assertEqual(found("Odessa OR Doha"), {self.talks.title, self.strike.title})

    @on_postgresql
    def test_title_ranks_above_body(self):
        """A word in the title ranks a story above one that has it only in the body."""
        ArticleFactory(title="Bilan", lede="", body="Le mot Kharkiv est ici, une seule fois.")
        titled = ArticleFactory(title="Kharkiv sous les bombes", lede="", body="Rien d'autre.")
        response = self.client.get(reverse("articles:list"), {"q": "Kharkiv"})
        self.assertEqual(response.context["story_ids"][0], titled.pk)
        response = self.client.get(reverse("articles:list"), {"q": "Kharkiv", "sort": "date"})
        self.assertEqual(response.context["story_ids"][0], titled.pk)

    @on_postgresql
    def test_misspelt_actor_names_find_their_stories(self):
        """A misspelt name finds the stories tagged with that actor, whose text never says it."""
        self.assertIn(self.speech.title, found("Kovalenkovski"))
        self.assertIn(self.speech.title, found("maksym kovalenkovskyy"))
        self.assertNotIn(self.speech.title, found("Kovalenkovski -discours"))

    @on_postgresql
    def test_excerpt_marks_the_body(self):
        """The excerpt under a result shows the body around the matched words."""
        response = self.client.get(reverse("articles:list"), {"q": "Odessa"})
        self.assertContains(response, "<mark>Odessa</mark>")

    @on_postgresql
    def test_vector_is_stored_and_indexed(self):
        """The database computes each story's vector, and searches read it through the index."""
        article = Article.objects.get(pk=self.talks.pk)
        self.assertIn("negoci", article.search_vector)
        queryset = Article.objects.filter(search_vector=story_query("negociations"))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        self.assertIn("article_search_idx", plan)


@skipUnless(connection.vendor == "sqlite", "SQLite keeps the plain word matching")
class SQLiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.gaza = ArticleFactory(title="Trêve à Gaza", body="Un cessez-le-feu.")
        cls.doha = ArticleFactory(title="Pourparlers à Doha", body="Un cessez-le-feu.")

    def test_words_are_all_required_and_exclusions_honoured(self):
        """Every word must be there; a "-word" must not."""
        self.assertEqual(found("cessez-le-feu treve"), {self.gaza.title})
        self.assertEqual(found('"cessez-le-feu" -gaza'), {self.doha.title})

    def test_no_vector_is_stored(self):
        """SQLite stores no search vector."""
        self.assertIsNone(Article.objects.get(pk=self.gaza.pk).search_vector)
