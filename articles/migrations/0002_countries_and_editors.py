"""Create every country from CLDR names, PostgreSQL's search extensions, and the Editors group."""

import pycountry
from babel import Locale
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# Kosovo has a CLDR name and appears in the news, but no ISO 3166-1 entry.
EXTRA_CODES = ["XK"]

EDITOR_PERMISSIONS = {
    "article": ["view", "add", "change", "delete", "import"],
    "articletopic": ["view", "add", "change", "delete"],
    "articlecountry": ["view", "add", "change", "delete"],
    "articleactor": ["view", "add", "change", "delete"],
    "quote": ["view", "add", "change", "delete"],
    "actor": ["view", "add", "change"],
    "actoralias": ["view", "add", "change", "delete"],
    "candidateactor": ["view", "change"],
    "topic": ["view", "add", "change"],
    "topicterm": ["view", "add", "change", "delete"],
    "section": ["view", "add", "change"],
    "country": ["view"],
    "importrun": ["view"],
    "importfile": ["view"],
}


def create_countries(apps, schema_editor):
    Country = apps.get_model("articles", "Country")
    french, english = Locale("fr").territories, Locale("en").territories
    codes = [country.alpha_2 for country in pycountry.countries] + EXTRA_CODES
    Country.objects.bulk_create(
        [Country(code=code, name_fr=french[code], name_en=english[code]) for code in codes],
        ignore_conflicts=True,
    )


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        ("import_articles" if action == "import" else f"{action}_{model}")
        for model, actions in EDITOR_PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_countries, migrations.RunPython.noop),
        migrations.RunPython(create_editors_group, migrations.RunPython.noop),
    ]
