import json
import threading
from unittest import mock, skipUnless

from django.db import OperationalError, connection
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from articles import services
from articles.analysis.types import (
    ActorSuggestion,
    Analysis,
    CountrySuggestion,
    QuoteSuggestion,
    Toll,
    TopicSuggestion,
    Vocabulary,
)
from articles.caching import page_generation
from articles.importing import parse_text
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTopic,
    CandidateActor,
    ImportFile,
    ImportRun,
    Quote,
)

from .factories import ArticleFactory

STORY = """Un convoi humanitaire atteint la ville assiégée
Monde

Agence Exemple - Un convoi de douze camions est arrivé jeudi après trois semaines d'attente.

Les autorités locales ont annoncé l'ouverture d'un couloir pour la journée.
"""


def run_with(*files: tuple[str, bytes], **options) -> tuple[ImportRun, list]:
    run = services.record_files(files, origin=ImportRun.Origin.COMMAND)
    return run, list(services.import_run(run, services.ImportOptions(analyse=False, **options)))


class ImportServiceTests(TestCase):
    def test_story_saved_with_structure_and_original(self):
        """A story is saved as a draft with its section, source, headings and original text."""
        run, outcomes = run_with(("convoi.txt", STORY.encode("utf-8")))
        self.assertEqual([o.outcome for o in outcomes], ["created"])
        article = outcomes[0].article
        self.assertEqual(article.status, ArticleStatus.DRAFT)
        self.assertEqual(article.section.name, "Monde")
        self.assertEqual(article.source, "Agence Exemple")
        self.assertEqual(article.original_text, STORY)
        self.assertEqual(article.import_file.run, run)

    def test_same_story_in_other_encoding_is_duplicate(self):
        """The same story with other line ends and encoding is reported as already present."""
        run_with(("a.txt", STORY.encode("utf-8")))
        _, outcomes = run_with(("b.txt", STORY.replace("\n", "\r\n").encode("utf-16")))
        self.assertEqual([o.outcome for o in outcomes], ["duplicate"])
        self.assertEqual(Article.objects.count(), 1)

    def test_bad_file_does_not_spoil_batch(self):
        """An undecodable file fails with a reason; the good file beside it is imported."""
        run, outcomes = run_with(
            ("ok.txt", STORY.encode("cp1252")), ("junk.bin", bytes(range(256)) * 8)
        )
        self.assertEqual(sorted(o.outcome for o in outcomes), ["created", "failed"])
        run.refresh_from_db()
        self.assertEqual((run.created_count, run.failed_count), (1, 1))
        failed = run.files.get(name="junk.bin")
        self.assertEqual(failed.outcome, ImportFile.Outcome.FAILED)
        self.assertTrue(failed.report[0]["message"])

    def test_failure_during_tagging_leaves_no_half_article(self):
        """If tagging fails, the story is not saved at all and the failure is reported."""
        run = services.record_files([("convoi.txt", STORY.encode())])
        # After the story and its links are written, before the transaction ends.
        with mock.patch.object(
            services, "_record_new_candidates", side_effect=RuntimeError("boom")
        ) as failing:
            outcomes = list(services.import_run(run))
        failing.assert_called_once()
        self.assertEqual(outcomes[0].outcome, "failed")
        self.assertIn("boom", outcomes[0].message)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(ArticleTopic.objects.exists())
        self.assertEqual(run.files.get().outcome, ImportFile.Outcome.FAILED)

    def test_default_section_for_stories_without_one(self):
        """A story that names no section gets the section asked for."""
        text = "Titre sans rubrique\n\nUn premier paragraphe qui raconte les faits du jour."
        _, outcomes = run_with(("s.txt", text.encode()), default_section="Europe")
        self.assertEqual(outcomes[0].article.section.name, "Europe")


@skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentImportTests(TransactionTestCase):
    def test_two_imports_of_one_story_give_one_article(self):
        """Two imports of one story at the same moment give one article: the database decides."""
        story = parse_text(STORY)
        barrier = threading.Barrier(2, timeout=10)
        outcomes = []

        def nothing_yet(fingerprint):
            # Both writers pass the early check together, so only the constraint can stop one.
            barrier.wait()

        def import_once():
            try:
                outcomes.append(services.import_story(story, analyse=False).outcome)
            finally:
                connection.close()

        with mock.patch.object(services, "find_duplicate", side_effect=nothing_yet):
            threads = [threading.Thread(target=import_once) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(sorted(outcomes), ["created", "duplicate"])
        self.assertEqual(Article.objects.count(), 1)


class ArbitraryInputTests(HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        name=st.sampled_from(["a.txt", "b.md", "c.html", "d.json", "e.csv", "f.xml", "g.zip", "h"]),
        data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)),
    )
    def test_any_bytes_import_without_error_or_partial_article(self, name, data):
        """Any bytes give outcomes, never an exception, and never a story without title or text."""
        _, outcomes = run_with((name, data))
        for outcome in outcomes:
            self.assertIn(outcome.outcome, {"created", "duplicate", "failed"})
            if outcome.outcome == "failed":
                self.assertTrue(outcome.message)
        for article in Article.objects.all():
            self.assertTrue(article.title.strip())
            self.assertEqual(len(article.fingerprint), 64)


def dispatch(number: int, extra: str = "") -> bytes:
    """A short story file, different for each number."""
    return (
        f"Dépêche numéro {number}\nMonde\n\n"
        f"Agence Exemple - Un paragraphe qui décrit l'événement numéro {number}.{extra}\n"
    ).encode()


def rich_analysis(doc) -> Analysis:
    """An analysis with every kind of suggestion, as the real one gives (without spaCy)."""
    return Analysis(
        topics=(TopicSuggestion("strikes", 3.5, ("frappe",)), TopicSuggestion("strikes", 4.0)),
        countries=(CountrySuggestion("UA", 4.0, evidence=("Kharkiv",)),),
        actors=(
            ActorSuggestion(
                "Vladimir Putin", "person", key="vladimir-putin", mentions=((1, 0, 16),), score=2
            ),
            ActorSuggestion("Oleh Synehoubov", "person"),
            ActorSuggestion("Oleh  Synehoubov", "person"),  # the same name, folded
            ActorSuggestion("Personne Inconnue", "bogus kind"),
        ),
        toll=Toll(killed=4, wounded=12, evidence=("a tué quatre personnes",), attributed_to="X"),
        quotes=(QuoteSuggestion("Nous voulons la paix", "Vladimir Putin", "vladimir-putin"),),
    )


def fake_analyse_many(docs, vocabulary, *, use_ner=True):
    if any("poison" in part for doc in docs for part in doc.parts):
        raise RuntimeError("the model choked")
    return [rich_analysis(doc) for doc in docs]


def import_all(run: ImportRun, **options) -> list:
    return list(services.import_run(run, services.ImportOptions(**options)))


class BatchedImportTests(TestCase):
    """import_run reads, analyses and saves stories a chunk at a time."""

    def setUp(self):
        patcher = mock.patch("articles.analysis.analyse_many", side_effect=fake_analyse_many)
        self.analyse_many = patcher.start()
        self.addCleanup(patcher.stop)

    def test_analysis_runs_once_per_chunk(self):
        """Stories are analysed together, a chunk at a time; stories already saved are not."""
        run_with(("old.txt", dispatch(0)))
        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(7)])
        outcomes = import_all(run, chunk_size=3)
        self.assertEqual([o.outcome for o in outcomes], ["duplicate"] + ["created"] * 6, outcomes)
        # 7 stories in chunks of 3; the first chunk's story 0 is already saved.
        self.assertEqual([len(c.args[0]) for c in self.analyse_many.call_args_list], [2, 3, 1])

    def test_outcomes_come_chunk_by_chunk_in_order(self):
        """The first outcomes are yielded before later chunks are analysed, in file order."""
        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(5)])
        outcomes = services.import_run(run, services.ImportOptions(chunk_size=2))
        first = next(outcomes)
        self.assertEqual(self.analyse_many.call_count, 1)
        rest = list(outcomes)
        self.assertEqual(self.analyse_many.call_count, 3)
        self.assertEqual([o.name for o in [first, *rest]], [f"{n}.txt" for n in range(5)])
        run.refresh_from_db()
        self.assertEqual((run.created_count, run.failed_count), (5, 0))
        self.assertIsNotNone(run.finished_at)

    def test_duplicates_inside_one_chunk(self):
        """The same story thrice in one chunk, in other encodings: saved once, analysed once."""
        run = services.record_files(
            [
                ("a.txt", STORY.encode("utf-8")),
                ("other.txt", dispatch(1)),
                ("b.txt", STORY.replace("\n", "\r\n").encode("utf-16")),
                ("c.txt", STORY.encode("cp1252")),
            ]
        )
        outcomes = import_all(run)
        self.assertEqual(
            [o.outcome for o in outcomes], ["created", "created", "duplicate", "duplicate"]
        )
        self.assertEqual(outcomes[2].article, outcomes[0].article)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(self.analyse_many.call_count, 1)
        self.assertEqual(len(self.analyse_many.call_args.args[0]), 2)
        outcomes_by_file = dict(run.files.values_list("name", "outcome"))
        self.assertEqual(outcomes_by_file["b.txt"], ImportFile.Outcome.DUPLICATE)
        run.refresh_from_db()
        self.assertEqual((run.created_count, run.duplicate_count), (2, 2))

    def test_duplicates_across_chunks_and_in_one_file(self):
        """A story repeated in a later chunk, or inside one file, is reported as present."""
        records = [
            {"title": f"Dépêche {n}", "body": f"Un paragraphe qui décrit l'événement {n}."}
            for n in (1, 2, 1)
        ]
        run = services.record_files(
            [
                ("first.txt", dispatch(1)),
                ("lot.json", json.dumps(records).encode()),
                ("again.txt", dispatch(1)),
            ]
        )
        outcomes = import_all(run, chunk_size=2)
        self.assertEqual(
            [o.outcome for o in outcomes],
            ["created", "created", "created", "duplicate", "duplicate"],
        )
        self.assertEqual(Article.objects.count(), 3)
        self.assertEqual(run.files.get(name="lot.json").outcome, ImportFile.Outcome.CREATED)
        self.assertEqual(len(run.files.get(name="lot.json").report), 3)

    def test_bad_file_in_the_middle_of_a_chunk(self):
        """An unreadable file between good ones fails alone; order and file records are kept."""
        run = services.record_files(
            [
                ("one.txt", dispatch(1)),
                ("junk.bin", bytes(range(256)) * 8),
                ("empty.txt", b""),
                ("two.txt", dispatch(2)),
            ]
        )
        outcomes = import_all(run)
        self.assertEqual(
            [(o.name, o.outcome) for o in outcomes],
            [
                ("one.txt", "created"),
                ("junk.bin", "failed"),
                ("empty.txt", "failed"),
                ("two.txt", "created"),
            ],
        )
        self.assertEqual(
            list(run.files.order_by("id").values_list("outcome", flat=True)),
            ["created", "failed", "failed", "created"],
        )
        self.assertTrue(all(f.content for f in run.files.exclude(name="empty.txt")))

    def test_story_the_analysis_chokes_on_fails_alone(self):
        """If the chunk's analysis fails, its stories are analysed one by one: one fails."""
        run = services.record_files(
            [
                ("one.txt", dispatch(1)),
                ("bad.txt", dispatch(2, " poison")),
                ("two.txt", dispatch(3)),
            ]
        )
        outcomes = import_all(run)
        self.assertEqual([o.outcome for o in outcomes], ["created", "failed", "created"])
        self.assertIn("could not be analysed", outcomes[1].message)
        self.assertEqual(Article.objects.count(), 2)
        self.assertEqual(self.analyse_many.call_count, 4)

    def test_story_that_cannot_be_saved_leaves_nothing_and_spoils_nothing(self):
        """A story failing half-way through its save is rolled back; its neighbours are saved."""
        real = services._tag_new_article

        def fail_on_two(article, analysis, lookups):
            real(article, analysis, lookups)
            if article.title.endswith(" 2"):
                raise RuntimeError("disk on fire")

        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in (1, 2, 3)])
        with mock.patch.object(services, "_tag_new_article", side_effect=fail_on_two):
            outcomes = import_all(run)
        self.assertEqual([o.outcome for o in outcomes], ["created", "failed", "created"])
        self.assertIn("disk on fire", outcomes[1].message)
        self.assertFalse(Article.objects.filter(title="Dépêche numéro 2").exists())
        self.assertEqual(ArticleTopic.objects.count(), 2)
        self.assertEqual(Quote.objects.count(), 2)
        self.assertEqual(run.files.get(name="2.txt").outcome, ImportFile.Outcome.FAILED)
        self.assertEqual(run.files.get(name="3.txt").outcome, ImportFile.Outcome.CREATED)

    def test_single_story_import_is_analysed_and_tagged(self):
        """import_story analyses one story before its transaction and saves its tags with it."""
        with mock.patch(
            "articles.analysis.analyse", side_effect=lambda doc, vocabulary: rich_analysis(doc)
        ):
            outcome = services.import_story(parse_text(STORY), vocabulary=Vocabulary())
        article = outcome.article
        self.assertEqual(outcome.outcome, "created")
        self.assertEqual((article.killed, article.wounded), (4, 12))
        self.assertEqual(list(article.topics.values_list("slug", flat=True)), ["strikes"])
        self.assertEqual(article.slug, "un-convoi-humanitaire-atteint-la-ville-assiegee")

    def test_same_title_in_one_chunk_gets_distinct_slugs(self):
        """Two different stories with one title, in one chunk, each get a slug of their own."""
        first = b"Titre commun\n\nUn premier paragraphe, sur un premier sujet du jour.\n"
        second = b"Titre commun\n\nUn autre paragraphe, sur un tout autre sujet du jour.\n"
        run = services.record_files([("a.txt", first), ("b.txt", second)])
        outcomes = import_all(run, analyse=False)
        slugs = [o.article.slug for o in outcomes]
        self.assertEqual(slugs[0], "titre-commun")
        self.assertTrue(slugs[1].startswith("titre-commun-"), slugs)

    def test_slug_taken_meanwhile_is_tried_again(self):
        """If another story takes the slug after it was checked, the story is saved anew."""
        ArticleFactory(title="Titre commun", slug="titre-commun")
        real, calls = services._Lookups.check_slugs, []

        def stale_first(lookups, titles):
            titles = list(titles)
            if not calls:  # as if read before the other story was saved
                calls.append(titles)
                lookups._slugs_checked.update(services._base_slug(t) for t in titles)
                return
            real(lookups, titles)

        text = b"Titre commun\n\nUn paragraphe sur un sujet du jour, assez long pour un lede.\n"
        run = services.record_files([("a.txt", text)])
        with mock.patch.object(services._Lookups, "check_slugs", stale_first):
            outcomes = import_all(run, analyse=False)
        self.assertEqual(outcomes[0].outcome, "created", outcomes[0].message)
        self.assertTrue(outcomes[0].article.slug.startswith("titre-commun-"))

    def test_without_analysis_nothing_is_analysed(self):
        """With analysis off, stories are saved untagged and the model is never asked."""
        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(3)])
        outcomes = import_all(run, analyse=False)
        self.assertEqual([o.outcome for o in outcomes], ["created"] * 3)
        self.analyse_many.assert_not_called()
        self.assertFalse(Article.objects.filter(analysed_at__isnull=False).exists())
        self.assertFalse(ArticleTopic.objects.exists())

    def test_one_kept_file_imported_alone(self):
        """import_file_contents imports the stories of one kept file and records its outcome."""
        records = [{"title": f"Lot {n}", "body": f"Paragraphe du lot {n}."} for n in range(3)]
        run = services.record_files([("lot.json", json.dumps(records).encode())])
        kept = run.files.get()
        options = services.ImportOptions(status=ArticleStatus.PUBLISHED, chunk_size=2)
        outcomes = list(services.import_file_contents(kept, options))
        self.assertEqual([o.outcome for o in outcomes], ["created"] * 3)
        self.assertEqual([len(c.args[0]) for c in self.analyse_many.call_args_list], [2, 1])
        kept.refresh_from_db()
        self.assertEqual((kept.outcome, len(kept.report)), (ImportFile.Outcome.CREATED, 3))
        self.assertEqual(
            set(Article.objects.values_list("status", flat=True)), {ArticleStatus.PUBLISHED}
        )

    def test_saved_tags_are_those_tag_article_saves(self):
        """The bulk save of a new story's tags stores exactly what tag_article stores."""
        run = services.record_files([("one.txt", dispatch(1))])
        imported = import_all(run)[0].article
        tagged = ArticleFactory(title="Autre", body="Un autre paragraphe.")
        services.tag_article(tagged, rich_analysis(None))
        tagged.refresh_from_db()
        imported.refresh_from_db()

        def tags(article):
            return (
                sorted(article.article_topics.values_list("topic__slug", "score", "evidence")),
                sorted(article.article_countries.values_list("country__code", "score", "evidence")),
                sorted(
                    article.article_actors.values_list(
                        "actor__slug", "score", "evidence", "mention_count", "mentions", "decision"
                    )
                ),
                list(article.quotes.values_list("actor__slug", "speaker", "text", "position")),
                sorted(article.candidate_actors.values_list("key", "name", "kind")),
                (article.killed, article.wounded, article.missing, article.is_toll_approximate),
                (article.toll_evidence, article.toll_attribution, article.analysed_at is not None),
            )

        self.assertEqual(tags(imported), tags(tagged))
        self.assertEqual(
            sorted(CandidateActor.objects.values_list("key", "seen_count")),
            [("oleh synehoubov", 2), ("personne inconnue", 2)],
        )

    def test_queries_per_story_are_few_and_bounded(self):
        """Saving a story with every kind of tag takes a handful of queries, whatever the batch."""

        def queries_for(numbers) -> int:
            run = services.record_files([(f"{n}.txt", dispatch(n)) for n in numbers])
            with CaptureQueriesContext(connection) as queries:
                outcomes = import_all(run, vocabulary=Vocabulary())
            self.assertEqual({o.outcome for o in outcomes}, {"created"})
            return len(queries)

        queries_for(range(1))  # candidates and lookups read for the first time
        ten, thirty = queries_for(range(10, 20)), queries_for(range(30, 60))
        # Per story: the story, its topics, countries, actors, quotes, its candidates (seen
        # before: read, linked, counted) and its file's outcome; and here, as the test runs in
        # a transaction, the savepoint the story's own transaction becomes (2). Per run: the
        # files, their contents, stories already saved, slugs taken, tags' keys, the run.
        self.assertLessEqual((thirty - ten) / 20, 11)
        self.assertLessEqual(ten, 10 * 11 + 10)


class ImportInvalidationTests(TransactionTestCase):
    """With real commits, as a bulk import runs outside any test transaction."""

    def test_cached_pages_are_dropped_once_per_chunk(self):
        """Readers' cached pages go stale once per chunk, once its stories are committed,
        not once or twice for every story saved."""
        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(5)])
        before = page_generation()
        with mock.patch("articles.analysis.analyse_many", side_effect=fake_analyse_many):
            outcomes = import_all(run, chunk_size=2, status=ArticleStatus.PUBLISHED)
        self.assertEqual([o.outcome for o in outcomes], ["created"] * 5)
        self.assertEqual(page_generation() - before, 3)  # chunks of 2, 2 and 1 stories


@skipUnless(connection.vendor == "postgresql", "needs PostgreSQL's transaction control")
class NoTransactionDuringAnalysisTests(TransactionTestCase):
    def test_no_transaction_open_while_analysing(self):
        """The language model runs with no transaction open: none waits on it."""
        seen = []

        def watch(docs, vocabulary, *, use_ner=True):
            seen.append((connection.in_atomic_block, connection.get_autocommit()))
            return fake_analyse_many(docs, vocabulary)

        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(5)])
        with mock.patch("articles.analysis.analyse_many", side_effect=watch):
            outcomes = import_all(run, chunk_size=2, vocabulary=Vocabulary())
        self.assertEqual([o.outcome for o in outcomes], ["created"] * 5)
        self.assertEqual(seen, [(False, True)] * 3)


class LostDatabaseTests(TestCase):
    """If the database goes away mid-run, what is saved stays and the rest is reported."""

    def test_rest_reported_then_rerun_completes(self):
        records = [{"title": f"Lot {n}", "body": f"Paragraphe du lot {n}."} for n in range(3)]
        files = [
            ("0.txt", dispatch(0)),
            ("1.txt", dispatch(1)),
            ("lot.json", json.dumps(records).encode()),
            ("3.txt", dispatch(3)),
            ("4.txt", dispatch(4)),
        ]
        run = services.record_files(files)
        real, calls = services._save_new_story, []

        def lose_third(*args, **kwargs):
            calls.append(1)
            if len(calls) == 4:  # the second story of lot.json, in the second chunk
                raise OperationalError("server closed the connection unexpectedly")
            return real(*args, **kwargs)

        outcomes = []
        with (
            mock.patch.object(services, "_save_new_story", side_effect=lose_third),
            mock.patch.object(services, "_database_lost", return_value=True),
            self.assertRaises(OperationalError),
        ):
            options = services.ImportOptions(analyse=False, chunk_size=3)
            for outcome in services.import_run(run, options):
                outcomes.append(outcome)
        self.assertEqual(
            [(o.name, o.outcome) for o in outcomes],
            [
                ("0.txt", "created"),
                ("1.txt", "created"),
                ("lot.json", "created"),
                ("lot.json", "failed"),
                ("lot.json", "failed"),
                ("3.txt", "failed"),
                ("4.txt", "failed"),
            ],
        )
        self.assertTrue(all("database unavailable" in o.message for o in outcomes[3:]))
        self.assertEqual(Article.objects.count(), 3)
        run.refresh_from_db()
        self.assertIsNone(run.finished_at)
        self.assertEqual(run.files.filter(outcome="pending").count(), 3)
        # Importing the run again imports what is left, nothing twice.
        again = services.import_run(run, services.ImportOptions(analyse=False))
        self.assertEqual(
            [o.outcome for o in again], ["duplicate", "created", "created", "created", "created"]
        )
        self.assertEqual(Article.objects.count(), 7)
        self.assertFalse(run.files.filter(outcome="pending").exists())

    def test_database_error_of_one_story_while_connected_is_that_story_s_failure(self):
        """An operational error with the database still there fails one story, not the run."""
        real = services._save_new_story

        def fail_second(*args, name, **kwargs):
            if name == "1.txt":
                raise OperationalError("deadlock detected")
            return real(*args, name=name, **kwargs)

        run = services.record_files([(f"{n}.txt", dispatch(n)) for n in range(3)])
        with mock.patch.object(services, "_save_new_story", side_effect=fail_second):
            outcomes = import_all(run, analyse=False)
        self.assertEqual([o.outcome for o in outcomes], ["created", "failed", "created"])
        self.assertIn("deadlock", outcomes[1].message)
