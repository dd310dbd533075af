"""Soak test: 64 connections for 30 s over mixed reader pages, against gunicorn on loopback.

    make soak                        # on the benchmark database (BENCH_STORIES, default 100,000)

Exits with status 1 on any socket error or any answer that is not 2xx/3xx. Environment:
DATABASE_URL, BENCH_STORIES, SOAK_SECONDS (default 30), SOAK_CONNECTIONS (default 64),
SOAK_WORKERS (gunicorn workers, default 3), SOAK_UNCACHED_EVERY (one request in this many
carries a parameter no cached page has, default 10), BENCH_DOCS (default docs/BENCHMARKS.md).
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


def soak(
    paths: list[str], *, seconds: int, connections: int, workers: int, uncached_every: int
) -> WrkResult:
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
                script_args=(listing.name, str(uncached_every)),
            )


def main() -> None:
    """Run the soak test and exit non-zero on any failed request."""
    seconds = setting("SOAK_SECONDS", 30)
    connections = setting("SOAK_CONNECTIONS", 64)
    workers = setting("SOAK_WORKERS", 3)
    uncached_every = setting("SOAK_UNCACHED_EVERY", 10)
    static_root = configure_environment()
    try:
        stories = prepare_database(setting("BENCH_STORIES", 100_000))
        collect_static()
        paths = mixed_paths()
        result = soak(
            paths,
            seconds=seconds,
            connections=connections,
            workers=workers,
            uncached_every=uncached_every,
        )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print(result.output)
    server_errors = int(re.search(r"server errors \(5xx\): (\d+)", result.output).group(1))
    failed = result.errors + result.non_success + server_errors
    cache = "in Redis" if os.environ.get("REDIS_URL") else "in each worker's memory"
    summary = (
        f"Soak run {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {stories:,} stories, gunicorn with "
        f"{workers} sync workers on {os.cpu_count()} cores, page cache {cache}, wrk with "
        f"{connections} connections for {seconds} s over {len(paths)} pages (one request in "
        f"{uncached_every} new to the cache): {result.requests:,} requests, "
        f"{result.requests_per_second:.0f} req/s, latency p50 {result.latency_p50_ms or 0:.0f} ms, "
        f"p99 {result.latency_p99_ms or 0:.0f} ms; socket errors {result.errors}, "
        f"non-2xx/3xx answers {result.non_success}, 5xx {server_errors}: "
        f"**{'fail' if failed else 'pass'}**.\n"
    )
    print(summary)
    docs = os.environ.get("BENCH_DOCS", "docs/BENCHMARKS.md")
    if docs:
        write_docs(REPO / docs, summary, name="soak", title="Latest soak run")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
