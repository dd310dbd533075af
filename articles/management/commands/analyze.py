"""Print the tags the analysis suggests for story files, writing nothing to the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import parse_file
from articles.importing.types import ParseFailure
from articles.services import build_vocabulary, document_for_story


class Command(BaseCommand):
    help = "Analyse story files and print one result per story (JSON lines with --json)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        from articles.analysis import analyse_many

        missing = [str(path) for path in options["paths"] if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        stories, failures = [], []
        for path in options["paths"]:
            for item in parse_file(path.name, path.read_bytes()):
                (failures if isinstance(item, ParseFailure) else stories).append(item)
        for failure in failures:
            self.stderr.write(f"{failure.filename}: {failure.reason}")
        vocabulary = build_vocabulary()
        kinds = {actor.key: actor.kind for actor in vocabulary.actors}
        analyses = analyse_many([document_for_story(story) for story in stories], vocabulary)
        for story, analysis in zip(stories, analyses, strict=True):
            result = {
                "file": story.filename,
                "title": story.title,
                "language": story.language,
                "topics": [topic.slug for topic in analysis.topics],
                "countries": [country.code for country in analysis.countries],
                "actors": [
                    {
                        "name": actor.name,
                        "kind": kinds.get(actor.key, actor.kind),
                        "known": actor.key is not None,
                    }
                    for actor in analysis.actors
                ],
                "killed": analysis.toll.killed,
                "wounded": analysis.toll.wounded,
                "quotes": [{"speaker": q.speaker, "text": q.text} for q in analysis.quotes],
            }
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self.describe(result))
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be read.")

    @staticmethod
    def describe(result: dict) -> str:
        actors = ", ".join(actor["name"] for actor in result["actors"])
        return (
            f"{result['file']}: {result['title']}\n"
            f"  topics: {', '.join(result['topics']) or '-'}\n"
            f"  countries: {', '.join(result['countries']) or '-'}\n"
            f"  actors: {actors or '-'}\n"
            f"  killed: {result['killed']}  wounded: {result['wounded']}\n"
            f"  quotes: {len(result['quotes'])}"
        )
