"""Import story files, folders and archives; exit status 1 when anything failed."""

import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from articles.models import ArticleStatus, ImportRun
from articles.services import (
    ImportOptions,
    RunSummary,
    batches,
    import_run,
    record_files,
)
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
        run = ImportRun.objects.create(origin=ImportRun.Origin.COMMAND)
        kept, too_big = [], []
        for path in files:
            size = path.stat().st_size
            # Queued files are all kept: the worker reports those too big to read.
            if size > settings.IMPORT_MAX_FILE_BYTES and not options["enqueue"]:
                too_big.append(
                    (str(path), f"{size} bytes, over the limit of {settings.IMPORT_MAX_FILE_BYTES}")
                )
            else:
                kept.append(path)
        lost = None
        try:
            # Every file is kept in the run first, a group at a time so that a big batch never
            # sits in memory whole; the import then reads them back a chunk at a time.
            self.keep(run, kept, summary)
            if options["enqueue"]:
                result = import_run_task.enqueue(run.pk, options["status"], options["section"])
                self.stdout.write(
                    f"Import run #{run.pk}: {len(kept)} files queued (task {result.id})."
                )
            else:
                self.import_kept(run, len(kept), summary, options)
        except (OperationalError, InterfaceError) as error:
            lost = error  # every file and story not imported is already in the summary
        for name, reason in too_big:
            summary.failed += 1
            summary.failures.append((name, reason))
        if options["enqueue"] and not summary.failed and not lost:
            return  # queued: the outcomes are the workers'
        self.stdout.write(
            f"Created {summary.created}, already present {summary.duplicates}, "
            f"failed {summary.failed} (import run #{run.pk})."
        )
        for name, reason in summary.failures:
            self.stderr.write(f"  {name}: {reason}")
        if lost:
            self.stderr.write(f"The import stopped, database unavailable: {lost}")
        if summary.failed or lost:
            sys.exit(1)

    def keep(self, run: ImportRun, files: list[Path], summary: RunSummary) -> None:
        """Keep every file in the run, byte for byte; if the database goes, report the rest."""
        progress = self.progress(len(files), "file", "keeping")
        done = 0
        try:
            for group in batches(files, size_of=lambda path: path.stat().st_size):
                record_files([(str(path), path.read_bytes()) for path in group], run=run)
                done += len(group)
                progress.update(len(group))
        except (OperationalError, InterfaceError) as error:
            for path in files[done:]:
                summary.failed += 1
                summary.failures.append((str(path), f"not imported, database unavailable: {error}"))
            raise
        finally:
            progress.close()

    def import_kept(self, run: ImportRun, count: int, summary: RunSummary, options) -> None:
        """Import the files kept in the run, showing the stories as they are saved."""
        import_options = ImportOptions(
            status=options["status"],
            default_section=options["section"],
            analyse=not options["no_analysis"],
        )
        # Most files hold one story; archives and feeds make the total grow as they are read.
        progress = self.progress(count, "story", "importing")
        try:
            # If the database goes, import_run reports every story left as failed, then raises.
            for outcome in import_run(run, import_options):
                summary.add(outcome)
                if progress.n >= progress.total:
                    progress.total = progress.n + 1
                progress.update()
        finally:
            progress.close()

    @staticmethod
    def progress(total: int, unit: str, description: str) -> tqdm:
        return tqdm(
            total=total,
            unit=unit,
            desc=description,
            disable=not sys.stderr.isatty(),
            file=sys.stderr,
        )
