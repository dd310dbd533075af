"""Soak test: 64 connections for 30 s over mixed reader pages, against gunicorn on loopback.

    make soak                        # on the benchmark database (BENCH_STORIES, default 100,000)

Exits with status 1 on any socket error or any answer that is not 2xx/3xx. Environment:
DATABASE_URL, BENCH_STORIES, SOAK_SECONDS (default 30), SOAK_CONNECTIONS (default 64),
SOAK_WORKERS (gunicorn workers, default 3), BENCH_DOCS (default docs/BENCHMARKS.md).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime

from bench.common import (
    REPO,
    WrkResult,
    choose_pages,
    collect_static,
    configure_environment,
    get_status,
    gunicorn,
    log,
    prepare_database,
    run_wrk,
)
from bench.run import setting, write_docs


def mixed_paths() -> list[str]:
    """Return the pages readers visit: lists, filters, searches, stories, feeds."""
    from django.db.models import Count

    from articles.models import Actor, Country, Topic

    pages, article_paths = choose_pages(article_count=200)
    paths = [page.path for page in pages] + article_paths
    paths += [f"/?page={number}" for number in range(2, 6)]
    paths += [topic.get_absolute_url() for topic in Topic.objects.all()]
    countries = Country.objects.annotate(n=Count("article_countries")).order_by("-n")[:15]
    paths += [country.get_absolute_url() for country in countries]
    actors = Actor.objects.annotate(n=Count("article_actors")).order_by("-n")[:30]
    paths += [actor.get_absolute_url() for actor in actors]
    paths += ["/feeds/latest/", "/?language=en", "/?q=cessez-le-feu"]
    return paths


def soak(paths: list[str], *, seconds: int, connections: int, workers: int) -> WrkResult:
    """Load gunicorn with wrk over the paths; every page must answer before the load starts."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="newsreader-soak-") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        with gunicorn(workers=workers) as server:
            broken = [path for path in paths if get_status(server.base, path) >= 400]
            if broken:
                sys.exit(f"These pages fail before any load: {', '.join(broken[:10])}")
            log(f"wrk: {connections} connections for {seconds} s over {len(paths)} pages")
            return run_wrk(
                server.base + "/",
                seconds=seconds,
                connections=connections,
                threads=2,
                script="mixed.lua",
                script_args=(listing.name,),
            )


def main() -> None:
    """Run the soak test and exit non-zero on any failed request."""
    seconds = setting("SOAK_SECONDS", 30)
    connections = setting("SOAK_CONNECTIONS", 64)
    workers = setting("SOAK_WORKERS", 3)
    static_root = configure_environment()
    try:
        stories = prepare_database(setting("BENCH_STORIES", 100_000))
        collect_static()
        paths = mixed_paths()
        result = soak(paths, seconds=seconds, connections=connections, workers=workers)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print(result.output)
    server_errors = int(re.search(r"server errors \(5xx\): (\d+)", result.output).group(1))
    failed = result.errors + result.non_success + server_errors
    summary = (
        f"Soak run {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {stories:,} stories, gunicorn with "
        f"{workers} sync workers on {os.cpu_count()} cores, wrk with {connections} connections "
        f"for {seconds} s over {len(paths)} pages (every other request new to the cache): "
        f"{result.requests:,} requests, {result.requests_per_second:.0f} req/s, latency p50 "
        f"{result.latency_p50_ms or 0:.0f} ms, p99 {result.latency_p99_ms or 0:.0f} ms; socket "
        f"errors {result.socket_errors}, non-2xx/3xx answers {result.non_success}, 5xx "
        f"{server_errors}: **{'fail' if failed else 'pass'}**.\n"
    )
    print(summary)
    docs = os.environ.get("BENCH_DOCS", "docs/BENCHMARKS.md")
    if docs:
        write_docs(REPO / docs, summary, name="soak", title="Latest soak run")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
