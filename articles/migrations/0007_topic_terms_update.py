"""Bring the topic terms in line with articles/analysis/data/topics.json.

Terms that named one nationality ("israeli strike*", "frappe* russe*") or one target of a
"frappe" (a convoy) give way to "#demonym strike*" and "frappe* #demonym", which match a word
of any nationality. The replaced terms are removed; the terms of the file missing from the
database are added by the same idempotent loading as 0003, leaving the terms editors keep as
they are. Reversing removes the two new terms and puts the replaced ones back.
"""

from importlib import import_module

from django.db import migrations

vocabulary = import_module("articles.migrations.0003_vocabulary")

REPLACED = {
    "strikes": [
        ("frappe* russe*", 2),
        ("frappe* israelienne*", 2),
        ("frappe* ukrainienne*", 2),
        ("frappe* americaine*", 2),
        ("frappe* * convoi*", 2.5),
        ("frappe* sur * convoi*", 2.5),
        ("israeli strike*", 2),
        ("russian strike*", 2),
        ("ukrainian strike*", 2),
        ("us strike*", 2),
        ("israeli airstrike*", 2.5),
    ],
}
ADDED = {"strikes": ["frappe* #demonym", "#demonym strike*"]}


def replace_terms(apps, schema_editor):
    TopicTerm = apps.get_model("articles", "TopicTerm")
    for slug, terms in REPLACED.items():
        TopicTerm.objects.filter(topic__slug=slug, term__in=[term for term, _ in terms]).delete()
    vocabulary.create_topics(apps, schema_editor)


def restore_terms(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    TopicTerm = apps.get_model("articles", "TopicTerm")
    for slug, terms in ADDED.items():
        TopicTerm.objects.filter(topic__slug=slug, term__in=terms).delete()
    for topic in Topic.objects.filter(slug__in=REPLACED):
        TopicTerm.objects.bulk_create(
            [
                TopicTerm(topic=topic, term=term, weight=weight)
                for term, weight in REPLACED[topic.slug]
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_starter_actors_update")]

    operations = [migrations.RunPython(replace_terms, restore_terms)]
