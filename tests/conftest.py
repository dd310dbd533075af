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


def pytest_configure(config):
    # Pages are cached for readers; tests that are not about caching must see fresh pages.
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'SQLite (embedded default)'}"
