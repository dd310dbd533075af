"""Give stories a stored search vector, GIN-indexed, on PostgreSQL.

The vector is a generated column: PostgreSQL computes it on every write, so nothing has to keep
it fresh. Its two text search configurations fold accents before French or English stemming;
they must exist before the column, and the index after it. SQLite has no full-text search here:
the column holds NULL and the configurations and index are not created.
"""

import articles.search
import django.contrib.postgres.search
from django.db import migrations, models

CONFIGURATIONS = {articles.search.FRENCH: "french", articles.search.ENGLISH: "english"}


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, language in CONFIGURATIONS.items():
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{language})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX article_search_idx ON {table} USING gin (search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_vocabulary")]

    operations = [
        migrations.RunPython(create_configurations, drop_configurations),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search.StoryDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search vector",
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
