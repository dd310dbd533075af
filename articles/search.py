"""Accent- and case-insensitive matching that works on PostgreSQL and SQLite alike."""

import unicodedata

from django.db.models import Func, TextField


def fold(text: str) -> str:
    """Return text lower-cased and without accents."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class Unaccent(Func):
    """unaccent(): PostgreSQL's extension function, or the same name registered on SQLite."""

    function = "UNACCENT"
    output_field = TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite connections an unaccent() function like PostgreSQL's."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, fold, deterministic=True)
