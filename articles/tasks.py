"""Work that may run in a worker process: imports and re-analysis."""

from django_tasks import task

from . import services
from .models import Article, ImportRun


@task()
def import_run_task(run_id: int, status: str, section: str | None = None) -> dict:
    """Import the pending files of an import run; return its counts."""
    run = ImportRun.objects.get(pk=run_id)
    summary = services.RunSummary()
    options = services.ImportOptions(status=status, default_section=section)
    for outcome in services.import_run(run, options):
        summary.add(outcome)
    return {"created": summary.created, "duplicates": summary.duplicates, "failed": summary.failed}


@task()
def reanalyse_task(article_ids: list[int]) -> int:
    """Analyse stories again, keeping editors' decisions; return how many were analysed."""
    vocabulary = services.build_vocabulary()
    articles = Article.objects.filter(pk__in=article_ids)
    for article in articles:
        services.analyse_article(article, vocabulary=vocabulary)
    return len(article_ids)
