import io
import json
import zipfile
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import TestCase, override_settings

from articles import services
from articles.analysis.types import Analysis
from articles.models import Article, ImportFile, ImportRun

FRENCH = """Reprise des discussions sur les échanges de prisonniers
Monde

Agence Exemple - Les délégations russe et ukrainienne se sont retrouvées mardi à Istanbul.

Les discussions doivent durer deux jours, selon les médiateurs turcs.

Moscou réclame le retrait des troupes ukrainiennes de quatre régions, une condition que Kyiv
rejette, a indiqué le chef de la délégation ukrainienne.
"""
ENGLISH_HTML = """<html><head><title>Port hit overnight</title>
<meta property="og:site_name" content="Example Wire"></head>
<body><article><h1>Port hit overnight</h1>
<p>A missile struck the port late on Friday, officials said, and three people were injured.</p>
<script>alert(1)</script>
<p>Firefighters worked through the night to put out the blaze at the grain terminal.</p>
</article></body></html>"""
LATIN1 = (
    "Grève dans les transports à Lyon\n\n"
    "Le syndicat a appelé à un arrêt de travail jeudi, a-t-on appris de source sûre.\n"
)


def write_batch(folder: Path) -> None:
    (folder / "prisonniers.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "port.html").write_text(ENGLISH_HTML, encoding="utf-8")
    (folder / "greve.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "corrompu.json").write_text('{"title": "Sans fin", "body": ', encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "archive/story.md",
            "# Cessez-le-feu annoncé\n\nLes deux parties ont accepté une trêve de trois jours.\n",
        )
    (folder / "lot.zip").write_bytes(buffer.getvalue())


class ImportStoriesCommandTests(TestCase):
    @pytest.fixture(autouse=True)
    def folder(self, tmp_path):
        self.folder = tmp_path
        write_batch(tmp_path)

    def import_batch(self):
        out, err = StringIO(), StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command(
                "import_stories", str(self.folder), "--no-analysis", stdout=out, stderr=err
            )
        return exit_info.value.code, out.getvalue(), err.getvalue()

    def test_mixed_batch_then_again(self):
        """A mixed batch imports what it can, names the bad file, and a second run adds nothing."""
        code, out, err = self.import_batch()
        self.assertEqual(code, 1)
        self.assertIn("Created 4, already present 0, failed 1", out)
        self.assertIn("corrompu.json", err)
        titles = set(Article.objects.values_list("title", flat=True))
        self.assertIn("Grève dans les transports à Lyon", titles)
        self.assertIn("Port hit overnight", titles)
        self.assertNotIn("alert", Article.objects.get(title="Port hit overnight").body)
        code, out, _ = self.import_batch()
        self.assertIn("Created 0, already present 4, failed 1", out)
        self.assertEqual(Article.objects.count(), 4)
        self.assertEqual(ImportRun.objects.count(), 2)

    def test_stories_analysed_together_and_every_file_kept(self):
        """With analysis, the batch's stories are analysed in one pass; each file is kept."""
        with mock.patch(
            "articles.analysis.analyse_many",
            side_effect=lambda docs, vocabulary, **kwargs: [Analysis() for _ in docs],
        ) as analyse_many:
            out, err = StringIO(), StringIO()
            with pytest.raises(SystemExit):
                call_command("import_stories", str(self.folder), stdout=out, stderr=err)
        self.assertIn("Created 4, already present 0, failed 1", out.getvalue())
        self.assertEqual(analyse_many.call_count, 1)
        self.assertEqual(len(analyse_many.call_args.args[0]), 4)
        run = ImportRun.objects.get()
        self.assertEqual(run.files.count(), 5)
        self.assertFalse(run.files.filter(outcome=ImportFile.Outcome.PENDING).exists())
        kept = run.files.get(name__endswith="greve.txt")
        self.assertEqual(bytes(kept.content), LATIN1.encode("latin-1"))
        self.assertEqual(Article.objects.filter(analysed_at__isnull=False).count(), 4)

    def test_lost_database_reports_the_rest_then_rerun_completes(self):
        """If the database goes mid-batch, the saved story stays and a second run completes."""
        real, calls = services._save_new_story, []

        def lose_second(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OperationalError("server closed the connection unexpectedly")
            return real(*args, **kwargs)

        with (
            mock.patch.object(services, "_save_new_story", side_effect=lose_second),
            mock.patch.object(services, "_database_lost", return_value=True),
        ):
            code, out, err = self.import_batch()
        self.assertEqual(code, 1)
        self.assertIn("Created 1, already present 0, failed 4", out)
        self.assertEqual(err.count("database unavailable"), 4)  # 3 stories, and the stop
        self.assertEqual(Article.objects.count(), 1)
        code, out, _ = self.import_batch()
        self.assertIn("Created 3, already present 1, failed 1", out)
        self.assertEqual(Article.objects.count(), 4)

    @override_settings(IMPORT_MAX_FILE_BYTES=300)
    def test_file_too_big_is_reported_and_not_read(self):
        """A file over the size limit fails with its size; the others are imported."""
        code, _, err = self.import_batch()
        self.assertEqual(code, 1)
        self.assertIn("prisonniers.txt: ", err)
        self.assertIn("over the limit of 300", err)
        self.assertFalse(ImportFile.objects.filter(name__endswith="prisonniers.txt").exists())

    def test_enqueue_keeps_files_for_the_workers(self):
        """--enqueue keeps every file and hands the run to a task (run inline in tests)."""
        out = StringIO()
        with mock.patch(
            "articles.analysis.analyse_many",
            side_effect=lambda docs, vocabulary, **kwargs: [Analysis() for _ in docs],
        ):
            call_command("import_stories", str(self.folder), "--enqueue", stdout=out)
        run = ImportRun.objects.get()
        self.assertIn(f"Import run #{run.pk}: 5 files queued", out.getvalue())
        self.assertEqual((run.created_count, run.failed_count), (4, 1))
        self.assertEqual(run.files.count(), 5)

    def test_missing_path_is_an_error(self):
        """A path that does not exist is refused before anything is imported."""
        with self.assertRaises(CommandError):
            call_command("import_stories", str(self.folder / "nope"))


class AnalyzeCommandTests(TestCase):
    @pytest.fixture(autouse=True)
    def folder(self, tmp_path):
        self.folder = tmp_path

    def test_json_lines_and_no_writes(self):
        """analyze prints one JSON object per story with the contract's fields and saves nothing."""
        path = self.folder / "histoire.txt"
        path.write_text(FRENCH, encoding="utf-8")
        out = StringIO()
        call_command("analyze", str(path), "--json", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 1)
        result = json.loads(lines[0])
        self.assertEqual(
            set(result),
            {
                "file",
                "title",
                "language",
                "topics",
                "countries",
                "actors",
                "killed",
                "wounded",
                "quotes",
            },
        )
        self.assertEqual(result["language"], "fr")
        self.assertIn("negotiations", result["topics"])
        self.assertLessEqual({"RU", "UA"}, set(result["countries"]))
        self.assertFalse(Article.objects.exists())
