"""Add the starter actors and aliases added to articles/analysis/data/actors.json since 0006.

The same idempotent loading as 0003: actors already present (by slug) are left as editors
keep them, and only missing aliases are added.
"""

from importlib import import_module

from django.db import migrations

vocabulary = import_module("articles.migrations.0003_vocabulary")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_term_help")]

    operations = [migrations.RunPython(vocabulary.create_actors, migrations.RunPython.noop)]
