"""Import story files, folders and archives; exit status 1 when anything failed."""

import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from articles.models import ArticleStatus, ImportRun
from articles.services import RunSummary, build_vocabulary, import_run, record_files
from articles.tasks import import_run_task


def story_files(paths: list[Path]) -> Iterator[Path]:
    """Yield the files named, and the files inside the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        else:
            yield path


class Command(BaseCommand):
    help = "Import stories from files, folders and .zip archives (any format the importer reads)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--status", choices=ArticleStatus.values, default=ArticleStatus.DRAFT)
        parser.add_argument("--section", default=None, help="section for stories that name none")
        parser.add_argument(
            "--no-analysis", action="store_true", help="save without suggesting tags"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="keep the files and leave the import to the task workers",
        )

    def handle(self, *args, **options):
        missing = [str(path) for path in options["paths"] if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        files = list(story_files(options["paths"]))
        summary = RunSummary()
        too_big = []
        run = ImportRun.objects.create(origin=ImportRun.Origin.COMMAND)
        if options["enqueue"]:
            self.enqueue(run, files, options)
            return
        vocabulary = None if options["no_analysis"] else build_vocabulary()
        # Files are read and kept one at a time so a big batch never sits in memory whole.
        progress = tqdm(files, unit="file", disable=not sys.stderr.isatty(), file=sys.stderr)
        for position, path in enumerate(progress):
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_FILE_BYTES:
                too_big.append(
                    (str(path), f"{size} bytes, over the limit of {settings.IMPORT_MAX_FILE_BYTES}")
                )
                continue
            try:
                record_files([(str(path), path.read_bytes())], run=run)
                for outcome in import_run(
                    run,
                    status=options["status"],
                    default_section=options["section"],
                    analyse=not options["no_analysis"],
                    vocabulary=vocabulary,
                ):
                    summary.add(outcome)
            except (OperationalError, InterfaceError) as error:
                # The database is gone: report what is left instead of failing file after file.
                for name in [str(path), *map(str, files[position + 1 :])]:
                    summary.failed += 1
                    summary.failures.append((name, f"not imported, database unavailable: {error}"))
                break
        for name, reason in too_big:
            summary.failed += 1
            summary.failures.append((name, reason))
        self.stdout.write(
            f"Created {summary.created}, already present {summary.duplicates}, "
            f"failed {summary.failed} (import run #{run.pk})."
        )
        for name, reason in summary.failures:
            self.stderr.write(f"  {name}: {reason}")
        if summary.failed:
            sys.exit(1)

    def enqueue(self, run: ImportRun, files: list[Path], options: dict) -> None:
        """Keep every file in the run and hand the import to a task."""
        for path in files:
            record_files([(str(path), path.read_bytes())], run=run)
        result = import_run_task.enqueue(run.pk, options["status"], options["section"])
        self.stdout.write(f"Import run #{run.pk}: {len(files)} files queued (task {result.id}).")
