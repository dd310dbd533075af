import subprocess
import sys
from pathlib import Path
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings

from articles import services
from articles.analysis.types import Analysis
from articles.models import Article, ArticleStatus, ImportRun
from articles.tasks import import_run_task

from .processes import child_environment

REPO = Path(__file__).resolve().parents[1]
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def story(number: int) -> bytes:
    return f"Dépêche {number}\n\nUn paragraphe sur l'événement numéro {number}.\n".encode()


@skipUnless(connection.vendor == "postgresql", "workers share the PostgreSQL database")
@override_settings(TASKS=QUEUED)
class WorkerTests(TransactionTestCase):
    def test_two_workers_share_a_queued_import(self):
        """Queued imports wait for workers; two worker processes import them, each story once."""
        results = []
        for batch in range(4):
            run = services.record_files(
                [(f"lot{batch}-{n}.txt", story(batch * 100 + n)) for n in range(5)]
            )
            results.append(import_run_task.enqueue(run.pk, "published", None))
        self.assertFalse(Article.objects.exists())
        settings_dict = connection.settings_dict
        env = {
            **child_environment(),
            "DATABASE_URL": (
                f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
                f"{settings_dict['PORT']}/{settings_dict['NAME']}"
            ),
            "TASKS_BACKEND": "database",
        }
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
        workers = [
            subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE) for _ in range(2)
        ]
        for worker in workers:
            _, err = worker.communicate(timeout=300)
            self.assertEqual(worker.returncode, 0, err)
        for result in results:
            result.refresh()
            self.assertEqual(result.status, "SUCCESSFUL")
            self.assertEqual(result.return_value["created"], 5)
        self.assertEqual(Article.objects.count(), 20)
        self.assertEqual(ImportRun.objects.filter(finished_at__isnull=False).count(), 4)


class ImportTaskTests(TestCase):
    def test_task_imports_with_the_status_and_section_asked(self):
        """The import task imports a run's files, analysed together, as published or draft."""
        run = services.record_files([(f"lot-{n}.txt", story(n)) for n in range(3)])
        with mock.patch(
            "articles.analysis.analyse_many",
            side_effect=lambda docs, vocabulary, **kwargs: [Analysis() for _ in docs],
        ) as analyse_many:
            result = import_run_task.enqueue(run.pk, ArticleStatus.PUBLISHED, "Europe")
        self.assertEqual(result.return_value, {"created": 3, "duplicates": 0, "failed": 0})
        self.assertEqual(analyse_many.call_count, 1)
        self.assertEqual(
            set(Article.objects.values_list("status", "section__name")),
            {(ArticleStatus.PUBLISHED, "Europe")},
        )
        run.refresh_from_db()
        self.assertEqual(run.created_count, 3)
        self.assertIsNotNone(run.finished_at)
