"""The starter registry: actors that international and war news often name.

``data/actors.json`` holds one object per actor: ``name`` (usual English form), ``kind``,
``country`` (ISO 3166-1 alpha-2 or null), ``description`` and ``aliases`` (French and English
spellings, transliterations, acronyms, descriptive phrases such as "armée ukrainienne").
The database is seeded from the same file, so its schema stays as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from articles.analysis.text import fold
from articles.analysis.types import KnownActor

ACTORS_FILE = Path(__file__).resolve().parent / "data" / "actors.json"

KINDS = (
    "person",
    "organisation",
    "armed_force",
    "government_body",
    "company",
    "media",
    "group",
)


def slugify(name: str) -> str:
    """Return the slug of a name, as Django's ``slugify`` would make it."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^\w\s-]", "", ascii_name.lower())
    return re.sub(r"[-\s]+", "-", ascii_name).strip("-_")


@cache
def load_starter_entries() -> tuple[dict, ...]:
    """Read the starter registry file as it is stored."""
    with ACTORS_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


@cache
def load_starter_registry() -> tuple[KnownActor, ...]:
    """Return the starter registry as known actors keyed by the slug of their name."""
    return tuple(
        KnownActor(
            key=slugify(entry["name"]),
            name=entry["name"],
            kind=entry["kind"],
            country=entry["country"],
            aliases=tuple(entry["aliases"]),
        )
        for entry in load_starter_entries()
    )


def canonical_names(actors: tuple[KnownActor, ...]) -> dict[str, str]:
    """Map every folded name and alias to its actor's name, leaving out shared aliases."""
    owners: dict[str, set[str]] = {}
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            owners.setdefault(fold(alias).strip(), set()).add(actor.name)
    return {alias: next(iter(names)) for alias, names in owners.items() if len(names) == 1}
