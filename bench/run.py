"""Measure newsreader on PostgreSQL at N stories and write the figures into docs/BENCHMARKS.md.

    make bench                       # N = 100,000
    make bench BENCH_STORIES=10000   # a smaller corpus

Environment: DATABASE_URL (default: the newsreader_bench database on 127.0.0.1), BENCH_STORIES,
BENCH_REPEATS (requests per page for the server times, default 30), BENCH_PAGE_SECONDS (time
limit per page, default 30), BENCH_WRK_SECONDS (per wrk run, default 8), BENCH_MEMORY_SECONDS
(time limit of the 1,000 requests, default 240), BENCH_ANALYSE_STORIES (default 300),
BENCH_IMPORT_STORIES (default 10,000; 0 skips it), BENCH_IMPORT_SECONDS (that import's time
limit, default 360), BENCH_PARTS (any of pages,throughput,memory,imports; default all),
BENCH_DOCS (default docs/BENCHMARKS.md; empty: print only).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import (
    PROXY_HEADER,
    REPO,
    Page,
    bust,
    choose_pages,
    collect_static,
    configure_environment,
    get_status,
    gunicorn,
    log,
    maps_spacy,
    peak_rss_mb,
    percentile,
    prepare_database,
    run_wrk,
)

PARTS = ("pages", "throughput", "memory", "imports")

# Goals from the performance issue.
FILTERED_OVER_HEALTH = 0.25
CACHED_OVER_STATIC = 0.5
PIPELINE_OVER_NER = 1.25
REGISTRY_PER_S = 200
WORKER_RSS_MB = 120


def setting(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def server_times(pages: list[Page], article_paths: list[str], repeats: int, limit: float) -> dict:
    """Time each page in this process through Django's test client, with no cache at all: the
    page cache and the list cache are off, so every part of a page is read from the database.

    A page stops being requested after ``limit`` seconds, once it has five timings.
    """
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE_SECONDS=0, LIST_CACHE_SECONDS=0):
        return time_pages(pages, article_paths, repeats, limit)


def time_pages(pages: list[Page], article_paths: list[str], repeats: int, limit: float) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    results = {}
    for page in pages:
        paths = article_paths if page.label == "article" else [page.path]
        for number in range(3):
            client.get(bust(paths[number % len(paths)], -number - 1))
        with CaptureQueriesContext(connection) as queries:
            status = client.get(bust(paths[0], 0)).status_code
        # Counted now: the next request empties the connection's query log.
        query_count = len(queries)
        if status != 200:
            raise RuntimeError(f"{page.path} answered {status}")
        timings: list[float] = []
        deadline = time.monotonic() + limit
        for number in range(1, repeats + 1):
            if len(timings) >= 5 and time.monotonic() > deadline:
                break
            started = time.perf_counter()
            response = client.get(bust(paths[number % len(paths)], number))
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{page.path} answered {response.status_code}")
        results[page.label] = {
            "p50_ms": percentile(timings, 0.5),
            "p95_ms": percentile(timings, 0.95),
            "queries": query_count,
            "requests": len(timings),
        }
        log(f"  {page.label}: p50 {results[page.label]['p50_ms']:.1f} ms")
    return results


# How each page is measured for throughput: the settings of its gunicorn.
CACHE_MODES = {
    "cached": {},
    "built": {"PAGE_CACHE_SECONDS": "0"},
    "cold": {"PAGE_CACHE_SECONDS": "0", "LIST_CACHE_SECONDS": "0"},
}


def throughput(pages: list[Page], static_path: str, seconds: int) -> dict:
    """Measure requests/s of one gunicorn worker: /health/, a static file, and each page three
    times, on three servers: with every cache ("cached", the page cache answers), without the
    page cache ("built": each page is built from the list cache, see articles/listing.py) and
    with no cache at all ("cold": every part read from the database)."""
    results: dict = {"pages": {page.label: {} for page in pages}, "errors": 0, "served": 0}
    rss, spacy = [], []
    for mode, settings in CACHE_MODES.items():
        with gunicorn(workers=1, settings=settings) as server:
            for path in ("/health/", static_path, *(page.path for page in pages)):
                status = get_status(server.base, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} through gunicorn")

            def measure(path: str) -> float:
                result = run_wrk(server.base + path, seconds=seconds, connections=4)
                if result.errors or result.non_success:
                    results["errors"] += result.errors + result.non_success
                    log(f"wrk on {path}: errors\n{result.output}")
                results["served"] += result.requests
                # wrk leaves requests queued at the worker when it stops; a sync worker
                # answers them in turn, so this answer means the next run starts on an idle one.
                get_status(server.base, "/health/", timeout=120)
                return result.requests_per_second

            if mode == "cached":
                log("wrk: /health/ and the static file")
                results["health"] = measure("/health/")
                results["static"] = measure(static_path)
            for page in pages:
                log(f"wrk: {page.label}, {mode}")
                results["pages"][page.label][mode] = measure(page.path)
            workers = server.worker_pids()
            rss += [peak_rss_mb(pid) or 0 for pid in workers]
            spacy += [maps_spacy(pid) for pid in workers]
    results["worker_peak_rss_mb"] = max(rss, default=0)
    results["worker_spacy_loaded"] = any(spacy)
    return results


def worker_memory(pages: list[Page], article_paths: list[str], requests: int, limit: int) -> dict:
    """Serve requests in a fresh process and report its peak memory and whether spaCy loaded."""
    paths = [page.path for page in pages] + article_paths
    output = subprocess.run(
        [sys.executable, "-m", "bench.memory", str(requests), str(limit)],
        cwd=REPO,
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def import_speed(analysed: int, imported: int, limit: int) -> dict:
    """Run the import measures in a process of their own: spaCy stays out of this one."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.imports", str(analysed), str(imported), str(limit)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def report(context: dict, pages: list[Page], results: dict) -> str:
    """Return the figures as Markdown."""
    lines = [
        f"Measured {context['date']} on {context['machine']}, PostgreSQL {context['postgres']}, "
        f"{context['stories']:,} stories, commit {context['commit']}; load average at the start "
        f"{context['load']}.",
        "",
    ]
    times = results.get("pages")
    rates = results.get("throughput")
    if times or rates:
        lines += [
            "| page | what | server p50 ms, no cache | p95 ms | requests | queries "
            "| req/s no cache | × /health/ | req/s built from the list cache | × /health/ "
            "| req/s page cache | × static | goal |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| --- |",
        ]
        for page in pages:
            t = (times or {}).get(page.label, {})
            r = (rates or {}).get("pages", {}).get(page.label, {})
            cells = [
                page.label,
                page.note,
                f"{t['p50_ms']:.1f}" if t else "",
                f"{t['p95_ms']:.1f}" if t else "",
                str(t["requests"]) if t else "",
                str(t["queries"]) if t else "",
            ]
            goals = []
            if r:
                cold_over_health = r["cold"] / rates["health"]
                built_over_health = r["built"] / rates["health"]
                over_static = r["cached"] / rates["static"]
                cells += [
                    f"{r['cold']:.1f}",
                    f"{cold_over_health:.2g}",
                    f"{r['built']:.0f}",
                    f"{built_over_health:.2g}",
                    f"{r['cached']:.0f}",
                    f"{over_static:.2g}",
                ]
                if page.label == "filtered list":
                    goals.append(
                        f"uncached ≥ {FILTERED_OVER_HEALTH} × /health/: built "
                        f"{verdict(built_over_health >= FILTERED_OVER_HEALTH)}, no cache "
                        f"{verdict(cold_over_health >= FILTERED_OVER_HEALTH)}"
                    )
                goals.append(
                    f"cached ≥ {CACHED_OVER_STATIC} × static: "
                    f"{verdict(over_static >= CACHED_OVER_STATIC)}"
                )
            else:
                cells += ["", "", "", "", "", ""]
            lines.append("| " + " | ".join([*cells, "; ".join(goals)]) + " |")
        if rates:
            worker_ok = (
                rates["worker_peak_rss_mb"] <= WORKER_RSS_MB and not rates["worker_spacy_loaded"]
            )
            lines += [
                "",
                f"One gunicorn sync worker, wrk with 4 connections for {context['wrk_seconds']} s "
                "a run, each page requested again and again at the same address: with the page "
                "cache on (page cache), with it off (built from the list cache: the selection, "
                "cards and facets of articles/listing.py), and with both off (no cache). "
                f"`/health/` {rates['health']:.0f} req/s, the static stylesheet "
                f"{rates['static']:.0f} req/s; {rates['errors']} socket errors or non-2xx/3xx "
                f"answers. Peak RSS of the three workers, which answered {rates['served']:,} "
                "requests in all: "
                f"{rates['worker_peak_rss_mb']:.0f} MB at most, spaCy mapped in their memory: "
                f"{'yes' if rates['worker_spacy_loaded'] else 'no'}; goal ≤ {WORKER_RSS_MB} MB "
                f"without spaCy: {verdict(worker_ok)}.",
            ]
    memory = results.get("memory")
    if memory:
        ok = memory["peak_rss_mb"] <= WORKER_RSS_MB and not memory["spacy_loaded"]
        bounded = " (stopped at the time limit)" if memory["requests"] < 1000 else ""
        lines += [
            "",
            f"Web process after {memory['requests']:,} requests{bounded} (test client, one in "
            f"ten new to the cache): peak RSS {memory['peak_rss_mb']:.0f} MB, spaCy loaded: "
            f"{'yes' if memory['spacy_loaded'] else 'no'}; goal ≤ {WORKER_RSS_MB} MB without "
            f"spaCy: {verdict(ok)}.",
        ]
    imports = results.get("imports")
    if imports:
        a = imports["analysis"]
        lines += [
            "",
            "| import measure | stories/s | goal |",
            "| --- | ---: | --- |",
            f"| bare spaCy NER (`nlp.pipe`, {a['stories']} stories, {a['words']:,} words) "
            f"| {a['bare_ner_per_s']:.1f} | |",
            f"| full analysis (`document_for_story` + `analyse_many`), registry of "
            f"{a['registry_actors']:,} actors | {a['pipeline_per_s']:.1f} "
            f"| ≤ {PIPELINE_OVER_NER} × NER time: {a['pipeline_over_ner']:.2f} × — "
            f"{verdict(a['pipeline_over_ner'] <= PIPELINE_OVER_NER)} |",
            f"| registry matching only (`use_ner=False`) | {a['registry_only_per_s']:.1f} "
            f"| ≥ {REGISTRY_PER_S}: {verdict(a['registry_only_per_s'] >= REGISTRY_PER_S)} |",
        ]
        command = imports.get("import_command")
        if command:
            stopped = " (stopped at the time limit)" if command["interrupted"] else ""
            lines.append(
                f"| `manage.py import_stories` over {command['files']:,} small files: "
                f"{command['created']:,} imported in {command['seconds']:.0f} s{stopped} "
                f"| {command['stories_per_s']:.1f} | |"
            )
        lines += [
            "",
            f"Peak RSS of the analysis process: {a['analysis_peak_rss_mb']:.0f} MB"
            + (
                f"; of the `import_stories` process: {command['import_peak_rss_mb']:.0f} MB."
                if command
                else "."
            ),
        ]
    return "\n".join(lines) + "\n"


def write_docs(
    path: Path, markdown: str, name: str = "bench", title: str = "Latest figures"
) -> None:
    """Replace one generated section of the benchmarks document (added at the end if new)."""
    begin, end = f"<!-- {name}:results:begin -->", f"<!-- {name}:results:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{begin}\n{markdown}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## {title}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def describe_context(stories: int, wrk_seconds: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip()
    if commit and git("status", "--porcelain", "--untracked-files=no").strip():
        commit += " with uncommitted changes"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "postgres": postgres,
        "stories": stories,
        "commit": commit or "unknown",
        "load": " ".join(f"{value:.1f}" for value in os.getloadavg()),
        "wrk_seconds": wrk_seconds,
    }


def main() -> None:
    """Prepare the database, run the chosen parts, print the figures and record them."""
    wanted = setting("BENCH_STORIES", 100_000)
    parts = [p for p in (os.environ.get("BENCH_PARTS") or ",".join(PARTS)).split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        sys.exit(f"Unknown BENCH_PARTS: {', '.join(sorted(unknown))}")
    repeats = setting("BENCH_REPEATS", 30)
    wrk_seconds = setting("BENCH_WRK_SECONDS", 8)
    static_root = configure_environment()
    started = time.monotonic()
    try:
        stories = prepare_database(wanted)
        context = describe_context(stories, wrk_seconds)
        static_path = collect_static()
        pages, article_paths = choose_pages(article_count=max(repeats, 30))
        results: dict = {}
        if "pages" in parts:
            log(f"server time per page, {repeats} requests each")
            results["pages"] = server_times(
                pages, article_paths, repeats, setting("BENCH_PAGE_SECONDS", 30)
            )
        if "throughput" in parts:
            results["throughput"] = throughput(pages, static_path, wrk_seconds)
        if "memory" in parts:
            log("memory of a web process over 1,000 requests")
            results["memory"] = worker_memory(
                pages, article_paths, 1000, setting("BENCH_MEMORY_SECONDS", 240)
            )
        if "imports" in parts:
            results["imports"] = import_speed(
                setting("BENCH_ANALYSE_STORIES", 300),
                setting("BENCH_IMPORT_STORIES", 10_000),
                setting("BENCH_IMPORT_SECONDS", 360),
            )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    markdown = report(context, pages, results)
    print(markdown)
    docs = os.environ.get("BENCH_DOCS", "docs/BENCHMARKS.md")
    if docs:
        write_docs(REPO / docs, markdown)
        log(f"figures written to {docs}")
    log(f"done in {(time.monotonic() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
