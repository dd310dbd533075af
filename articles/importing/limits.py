"""Size limits that keep one upload from exhausting memory or time."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""Largest file, or archive member once unpacked, that is read at all."""

MAX_ARCHIVE_MEMBERS = 500
"""Most files a zip archive may hold (folders and hidden files not counted)."""

MAX_ARCHIVE_TOTAL_BYTES = 50 * 1024 * 1024
"""Most bytes that all the files of one zip archive may expand to."""

MAX_COMPRESSION_RATIO = 100
"""Most times a large archive member may expand; more is the mark of a zip bomb."""

RATIO_CHECK_MIN_BYTES = 1024 * 1024
"""Members smaller than this are too small to harm, however well they compress."""

MAX_STORIES_PER_FILE = 1000
"""Most stories read from one JSON, CSV or feed file; the rest are reported, not read."""


def too_many_stories(count: int) -> str:
    """Return the reason given for the stories of a file past ``MAX_STORIES_PER_FILE``."""
    skipped = count - MAX_STORIES_PER_FILE
    return f"{skipped} more stories not imported: only {MAX_STORIES_PER_FILE} are read from a file"


def describe_size(size: int) -> str:
    """Return a byte count in words a reader understands: "340 bytes", "12 KB", "12.3 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
