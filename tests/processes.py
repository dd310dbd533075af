"""Environment for the processes some tests start: the manage.py commands, gunicorn, workers."""

import os

# Set for the browser tests' event loop; a real deployment must not carry it.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def child_environment(**overrides: str) -> dict[str, str]:
    """Return this process's environment without test-only switches, with the overrides."""
    return {
        **{name: value for name, value in os.environ.items() if name not in TEST_ONLY},
        **overrides,
    }
