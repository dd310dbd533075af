"""Load the demo stories that ship with the project; running it twice adds nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.services import import_demo_story

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "stories.json"


class Command(BaseCommand):
    help = "Load the demo stories (published and tagged) unless they are already there."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="JSON list of stories")

    def handle(self, *args, **options):
        stories = json.loads(options["file"].read_text(encoding="utf-8"))
        created = sum(import_demo_story(story)[1] for story in stories)
        self.stdout.write(
            f"Demo stories: {created} loaded, {len(stories) - created} already present."
        )
