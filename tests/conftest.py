import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def shared_corpus() -> Path:
    """The gold corpus kept beside the project; tests that need it skip without it."""
    if not (SHARED_CORPUS / "gold.json").exists():
        pytest.skip("the shared corpus is not beside the project")
    return SHARED_CORPUS


@pytest.fixture(scope="session", autouse=True)
def fresh_pages():
    """Serve fresh pages: only the caching tests turn the readers' page cache on."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: the database rolls back between tests, the cache
    does not, and a list cached by one test must not answer another."""
    from django.core.cache import caches

    for name in caches:
        caches[name].clear()


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'SQLite (embedded default)'}"
