"""Index stories for full-text search on PostgreSQL; SQLite keeps its accent-insensitive matching.

Two text search configurations fold accents before stemming (French and English), an IMMUTABLE
function computes a story's weighted vector from its title (A), lede (B) and body (C), and a GIN
index stores that function's result. Queries call the same function (articles.search.StoryVector),
so nothing is stored twice and nothing has to be kept fresh by signals.
"""

from django.db import migrations

CONFIGURATIONS = {"newsreader_french": "french", "newsreader_english": "english"}


def part(schema, column, weight):
    vectors = " || ".join(
        f"to_tsvector('{schema}.{name}', coalesce({column}, ''))" for name in CONFIGURATIONS
    )
    return f"setweight({vectors}, '{weight}')"


def create_search_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    # Names are schema-qualified so that a restore (which empties search_path) rebuilds the index.
    for name, language in CONFIGURATIONS.items():
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {schema}.{name} (COPY = pg_catalog.{language})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {schema}.{name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem"
        )
    vector = " || ".join(
        (part(schema, "title", "A"), part(schema, "lede", "B"), part(schema, "body", "C"))
    )
    schema_editor.execute(
        f"CREATE FUNCTION {schema}.newsreader_search_vector(title text, lede text, body text) "
        f"RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {vector} $$"
    )
    table = connection.ops.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX article_search_idx ON {table} "
        f"USING gin ({schema}.newsreader_search_vector(title, lede, body))"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS newsreader_search_vector(text, text, text)")
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_vocabulary")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
