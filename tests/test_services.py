import threading
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase, TransactionTestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from articles import services
from articles.importing import parse_text
from articles.models import Article, ArticleStatus, ImportFile, ImportRun

STORY = """Un convoi humanitaire atteint la ville assiégée
Monde

Agence Exemple - Un convoi de douze camions est arrivé jeudi après trois semaines d'attente.

Les autorités locales ont annoncé l'ouverture d'un couloir pour la journée.
"""


def run_with(*files: tuple[str, bytes], **options) -> tuple[ImportRun, list]:
    run = services.record_files(files, origin=ImportRun.Origin.COMMAND)
    return run, list(services.import_run(run, analyse=False, **options))


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

    def test_failure_during_analysis_leaves_no_half_article(self):
        """If tagging fails, the story is not saved at all and the failure is reported."""
        run = services.record_files([("convoi.txt", STORY.encode())])
        with mock.patch.object(services, "analyse_article", side_effect=RuntimeError("boom")):
            outcomes = list(services.import_run(run))
        self.assertEqual(outcomes[0].outcome, "failed")
        self.assertIn("boom", outcomes[0].message)
        self.assertFalse(Article.objects.exists())

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
