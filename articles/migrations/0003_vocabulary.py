"""Create the core topics with their rules, and the starter registry of actors."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parents[1] / "analysis" / "data"


def create_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    TopicTerm = apps.get_model("articles", "TopicTerm")
    for entry in json.loads((DATA / "topics.json").read_text(encoding="utf-8")):
        topic, _ = Topic.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name_fr": entry["name_fr"],
                "name_en": entry["name_en"],
                "description": entry.get("description", ""),
                "threshold": entry.get("threshold", 2.0),
            },
        )
        TopicTerm.objects.bulk_create(
            [TopicTerm(topic=topic, term=term, weight=weight) for term, weight in entry["terms"]],
            ignore_conflicts=True,
        )


def create_actors(apps, schema_editor):
    Actor = apps.get_model("articles", "Actor")
    ActorAlias = apps.get_model("articles", "ActorAlias")
    Country = apps.get_model("articles", "Country")
    countries = dict(Country.objects.values_list("code", "pk"))
    for entry in json.loads((DATA / "actors.json").read_text(encoding="utf-8")):
        actor, _ = Actor.objects.get_or_create(
            slug=slugify(entry["name"])[:200],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "country_id": countries.get(entry.get("country") or ""),
                "description": entry.get("description", ""),
                "is_confirmed": True,
            },
        )
        names = {alias for alias in entry.get("aliases", []) if alias != entry["name"]}
        ActorAlias.objects.bulk_create(
            [ActorAlias(actor=actor, name=name[:200]) for name in sorted(names)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_countries_and_editors")]

    operations = [
        migrations.RunPython(create_topics, migrations.RunPython.noop),
        migrations.RunPython(create_actors, migrations.RunPython.noop),
    ]
