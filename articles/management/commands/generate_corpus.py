"""Fill the database with a large generated corpus of published, tagged stories."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.corpus import generate_corpus


class Command(BaseCommand):
    help = (
        "Add generated stories (French and English, tagged, over five years) until the corpus "
        "of this seed holds --stories of them; running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True, help="stories the corpus holds")
        parser.add_argument("--actors", type=int, default=5000, help="actors added to the registry")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default=None, help="slug prefix (default: c<seed>)")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--workers", type=int, default=None, help="processes writing text (default: cores - 1)"
        )
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args, **options):
        if min(options["stories"], options["actors"]) < 0 or options["batch_size"] < 1:
            raise CommandError("--stories and --actors must be >= 0, --batch-size >= 1.")
        with tqdm(
            total=options["stories"],
            unit="story",
            file=sys.stderr,
            disable=options["no_progress"],
            mininterval=1.0,
        ) as bar:
            created = generate_corpus(
                stories=options["stories"],
                actors=options["actors"],
                seed=options["seed"],
                prefix=options["prefix"],
                batch_size=options["batch_size"],
                workers=options["workers"],
                progress=bar.update,
            )
        present = options["stories"] - created
        self.stdout.write(f"Corpus: {created} stories added, {present} already present.")
