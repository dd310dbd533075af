"""What the benchmark and the soak test share: settings, the database, gunicorn and wrk."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsreader_bench"
HOST = "127.0.0.1"  # load is only ever sent to this machine's loopback
# gunicorn sits behind a TLS-terminating proxy in production; this header says the proxy did it.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
WRK_DIR = Path(__file__).resolve().parent / "wrk"


def log(message: str) -> None:
    """Print a progress line on stderr."""
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def configure_environment() -> Path:
    """Set production-like settings for this process and its children; return STATIC_ROOT."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    static_root = Path(tempfile.mkdtemp(prefix="newsreader-static-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsreader.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "ERROR",
        }
    )
    # REDIS_URL, when set, is kept: gunicorn workers then share the page cache as in production.
    os.environ.pop("TASKS_BACKEND", None)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return static_root


def manage(*args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    """Run a manage.py command with the benchmark's settings."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def ensure_database() -> None:
    """Create the benchmark database if the server lacks it."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_database(stories: int) -> int:
    """Create, migrate and fill the database up to ``stories``; return how many it holds."""
    ensure_database()
    log("migrating")
    manage("migrate", "--noinput")
    import django

    django.setup()
    from articles.models import Article

    count = Article.objects.count()
    if count < stories:
        log(f"the database holds {count} stories: generating up to {stories}")
        manage("generate_corpus", "--stories", str(stories), quiet=False)
        vacuum()
        count = Article.objects.count()
    return count


STORY_TABLES = (
    "articles_article",
    "articles_articletopic",
    "articles_articlecountry",
    "articles_articleactor",
    "articles_quote",
)


def vacuum() -> None:
    """Vacuum and analyse the story tables, after they are filled or the stories imported for
    the benchmark are deleted, so that dead rows, stale statistics (which once turned a search
    from the full-text index to a 0.6 s sequential scan) and autovacuum do not skew the
    figures."""
    import psycopg

    log("vacuuming")
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
        for table in STORY_TABLES:
            connection.execute(f"VACUUM (ANALYZE) {table}")


def collect_static() -> str:
    """Collect static files as a deployment does; return the hashed URL of the site stylesheet."""
    import json

    manage("collectstatic", "--noinput")
    manifest = json.loads((Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def free_port() -> int:
    """Return a TCP port free on the loopback interface."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get_status(base: str, path: str, timeout: float = 30) -> int:
    """Return the status of one GET, redirects not followed."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=dict([PROXY_HEADER]))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log_path: Path

    def worker_pids(self) -> list[int]:
        """Return the process ids of the gunicorn workers."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []


@contextmanager
def gunicorn(workers: int, settings: dict | None = None) -> Iterator[Server]:
    """Serve the project with gunicorn on a free loopback port until the block ends; ``settings``
    are environment variables for it (PAGE_CACHE_SECONDS, say)."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "newsreader.wsgi",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "60",
    ]  # fmt: skip
    descriptor, log_name = tempfile.mkstemp(prefix="newsreader-gunicorn-", suffix=".log")
    with os.fdopen(descriptor, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(settings or {})},
        )
        server = Server(f"http://{HOST}:{port}", process, Path(log_name))
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if get_status(server.base, "/health/", timeout=5) == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see {server.log_path}")
                time.sleep(0.3)
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def ensure_wrk() -> str:
    """Return the path of wrk, installing the Debian package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `sudo apt-get install -y wrk`, then run again.")
    log("installing wrk")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=environment, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=environment, check=True)
        subprocess.run(install, env=environment, check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed.")


@dataclass
class WrkResult:
    requests_per_second: float
    requests: int
    non_success: int  # responses that were neither 2xx nor 3xx
    socket_errors: dict[str, int] = field(default_factory=dict)
    latency_p50_ms: float | None = None
    latency_p99_ms: float | None = None
    output: str = ""

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values())


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 1,
    script: str | None = None,
    script_args: tuple[str, ...] = (),
) -> WrkResult:
    """Load one loopback URL with wrk for a bounded time and read its summary."""
    if urlsplit(url).hostname != HOST:
        raise ValueError("Load is only sent to the loopback address.")
    command = [
        ensure_wrk(), "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
        "--timeout", "10s", "-H", f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}",
    ]  # fmt: skip
    if script:
        command += ["-s", str(WRK_DIR / script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)\s*$", output, re.MULTILINE))
    return WrkResult(
        requests_per_second=float(rate.group(1)) if rate else 0.0,
        requests=int(total.group(1)) if total else 0,
        non_success=int(bad.group(1)) if bad else 0,
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
        if errors
        else {},
        latency_p50_ms=_milliseconds(percentiles["50"]) if "50" in percentiles else None,
        latency_p99_ms=_milliseconds(percentiles["99"]) if "99" in percentiles else None,
        output=output,
    )


def peak_rss_mb(pid: int) -> float | None:
    """Return the peak resident memory of a live process, in MB (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def maps_spacy(pid: int) -> bool:
    """Return whether a live process has spaCy's compiled modules in its memory."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False
    return "/spacy/" in maps or "/thinc/" in maps


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (``share`` between 0 and 1) of the values."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Page:
    """A page the benchmarks request, with what it shows."""

    label: str
    path: str
    note: str = ""


def choose_pages(*, article_count: int = 30) -> tuple[list[Page], list[str]]:
    """Return the pages to measure (busiest topic, country and actor) and some story paths."""
    from django.db.models import Count

    from articles.corpus import RARE_WORDS
    from articles.models import (
        VISIBLE_DECISIONS,
        Actor,
        Article,
        ArticleActor,
        ArticleCountry,
        ArticleTopic,
        Country,
        Topic,
    )

    def busiest(model, field: str, **filters):
        row = (
            model.objects.filter(decision__in=VISIBLE_DECISIONS, **filters)
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return row[field] if row else None

    actor = Actor.objects.get(pk=busiest(ArticleActor, "actor", actor__merged_into=None))
    topic = Topic.objects.get(pk=busiest(ArticleTopic, "topic"))
    country = Country.objects.get(pk=busiest(ArticleCountry, "country"))
    by_actor = ArticleActor.objects.filter(actor=actor, decision__in=VISIBLE_DECISIONS)
    by_actor_ids = by_actor.values("article_id")
    with_country = Country.objects.get(
        pk=busiest(ArticleCountry, "country", article_id__in=by_actor_ids)
    )
    with_topic = Topic.objects.get(
        pk=busiest(
            ArticleTopic,
            "topic",
            article_id__in=by_actor_ids,
            article__article_countries__country=with_country,
        )
    )
    published = Article.objects.published()
    matches = published.mentioning(actor).located_in(with_country).about(with_topic).count()
    slugs = list(published.order_by("?").values_list("slug", flat=True)[:article_count])
    article_paths = [f"/articles/{slug}/" for slug in slugs]
    pages = [
        Page("home", "/"),
        Page("topic", f"/topics/{topic.slug}/", f"busiest topic ({topic.slug})"),
        Page(
            "filtered list",
            f"/?country={with_country.code}&actor={actor.slug}&topic={with_topic.slug}",
            f"busiest actor × its top country and topic: {matches} stories",
        ),
        Page("search, common word", "/?q=n%C3%A9gociations", "« négociations »"),
        Page("search, rare word", f"/?q={RARE_WORDS[0]}", f"« {RARE_WORDS[0]} »"),
        Page("search, actor name", f"/?q={actor.name.replace(' ', '+')}", actor.name),
        Page("article", article_paths[0], "a random story"),
        Page("actor", f"/actors/{actor.slug}/", f"busiest actor ({actor.name})"),
        Page("country", f"/countries/{country.code.lower()}/", f"busiest country ({country.code})"),
    ]
    return pages, article_paths


def bust(path: str, number: int) -> str:
    """Return the path with a date limit no cached page or list has: a page and a selection of
    their own, holding the same stories (the dates are long after the corpus)."""
    day = date(2100, 1, 1) + timedelta(days=number % 30_000)
    return f"{path}{'&' if '?' in path else '?'}date_before={day.isoformat()}"
