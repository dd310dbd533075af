"""What happens when PostgreSQL goes away: tried against a private server this test starts."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .processes import child_environment

REPO = Path(__file__).resolve().parents[1]
BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))

pytestmark = pytest.mark.skipif(
    not BINARIES or not shutil.which("runuser") or os.geteuid() != 0,
    reason="needs PostgreSQL server binaries and root to run a private server",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateServer:
    """A throwaway PostgreSQL cluster that the tests may stop and start at will."""

    def __init__(self):
        self.bindir = Path(BINARIES[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="newsreader-pg-"))
        self.folder.chmod(0o777)
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsreader"
        self.as_postgres(self.bindir / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust")

    def as_postgres(self, *command):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            capture_output=True,
        )

    def start(self):
        self.as_postgres(
            self.bindir / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.folder / "log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self):
        self.as_postgres(self.bindir / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def ensure_running(self):
        ready = subprocess.run(
            [self.bindir / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        )
        if ready.returncode:
            self.start()

    def remove(self):
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    server = PrivateServer()
    server.start()
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE newsreader",
        ],
        check=True,
        capture_output=True,
    )
    env = environment(server)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    yield server
    server.remove()


def environment(server: PrivateServer) -> dict:
    return {
        **child_environment(),
        "DATABASE_URL": server.url,
        "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-django-checks-1234",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        # Every page reads the database: no cached page or list part can hide the outage.
        "PAGE_CACHE_SECONDS": "0",
        "LIST_CACHE_SECONDS": "0",
        "STATIC_ROOT": str(server.folder / "static"),
    }


def fetch(url: str) -> tuple[int, bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started


def test_outage_gives_quick_503_then_recovers(server):
    """While PostgreSQL is down pages answer 503 at once; the first request after works."""
    port = free_port()
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsreader.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "30",
        ],
        cwd=REPO,
        env=environment(server),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(f"{base}/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        assert fetch(f"{base}/")[0] == 200
        server.stop()
        for path in ("/", "/health/", "/topics/strikes/"):
            status, body, seconds = fetch(base + path)
            assert status == 503, path
            assert seconds < 5, path
            assert b"Traceback" not in body and b"psycopg" not in body
        server.start()
        status, _, _ = fetch(f"{base}/")
        assert status == 200
        assert fetch(f"{base}/health/")[0] == 200
    finally:
        web.terminate()
        web.wait(timeout=10)
        server.ensure_running()


def test_lost_database_mid_batch_then_rerun(server, tmp_path):
    """Stories saved before an outage stay, the rest are reported, and a rerun completes."""
    total = 300
    for number in range(total):
        (tmp_path / f"story-{number:03}.txt").write_text(
            f"Dépêche numéro {number}\n\nUn paragraphe qui décrit l'événement {number}.\n",
            encoding="utf-8",
        )
    command = [sys.executable, "manage.py", "import_stories", str(tmp_path), "--no-analysis"]
    first = subprocess.Popen(
        command, cwd=REPO, env=environment(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    import psycopg

    saved = 0
    deadline = time.monotonic() + 120
    while saved < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
        with psycopg.connect(server.url) as connection:
            saved = connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    server.stop()
    _, err = first.communicate(timeout=120)
    server.start()
    assert first.returncode == 1
    assert b"database unavailable" in err
    with psycopg.connect(server.url) as connection:
        kept = connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    assert 20 <= kept < total
    second = subprocess.run(command, cwd=REPO, env=environment(server), capture_output=True)
    assert second.returncode == 0, second.stderr
    assert f"Created {total - kept}, already present {kept}, failed 0".encode() in second.stdout
    with psycopg.connect(server.url) as connection:
        count, distinct = connection.execute(
            "SELECT count(*), count(DISTINCT fingerprint) FROM articles_article"
        ).fetchone()
    assert count == distinct == total
