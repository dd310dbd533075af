"""Score the analysis against a hand-annotated gold file.

Predictions are JSON lines as printed by ``python manage.py analyze FILES --json`` (fields
file, topics, countries, actors [{name, kind, known}], killed, wounded), or are computed here
from the stories of a corpus folder with the starter registry and the default topic rules::

    python scripts/evaluate.py --gold PATH/gold.json --predictions PATH.jsonl
    python scripts/evaluate.py --gold PATH/gold.json --corpus DIR [--details]

Topics, countries and actors get micro-averaged precision, recall and F1. Actor names are
compared after folding case and accents and mapping registry aliases to canonical names
(Poutine = Putin); a surname alone matches a gold full name only when no other gold name of the
story shares that surname. Killed and wounded are scored by exact match, on the stories with a
figure and on all stories.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.analysis.registry import canonical_names, load_starter_registry
from articles.analysis.text import fold


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Exact:
    """Exact matches of a number, on stories that report one and on all stories."""

    hits_with: int = 0
    total_with: int = 0
    hits: int = 0
    total: int = 0

    def add(self, predicted: int | None, gold: int | None) -> None:
        self.total += 1
        self.hits += predicted == gold
        if gold is not None:
            self.total_with += 1
            self.hits_with += predicted == gold


@dataclass
class Report:
    topics: Counts = field(default_factory=Counts)
    countries: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    killed: Exact = field(default_factory=Exact)
    wounded: Exact = field(default_factory=Exact)
    stories: int = 0


class ActorNames:
    """Canonical forms of actor names for comparison."""

    def __init__(self) -> None:
        self.aliases = canonical_names(load_starter_registry())

    def canonical(self, name: str) -> str:
        """Return the folded canonical name of ``name``."""
        key = " ".join(fold(name).split())
        return fold(self.aliases.get(key, name)).strip()

    def match(self, predicted: Iterable[str], gold: Iterable[str]) -> tuple[set[str], set[str]]:
        """Return the predicted and gold name sets, surnames aligned on the gold full names."""
        gold_set = {self.canonical(name) for name in gold}
        aligned = set()
        for name in predicted:
            key = self.canonical(name)
            if key not in gold_set and " " not in key:
                namesakes = [g for g in gold_set if g.split()[-1] == key]
                if len(namesakes) == 1:
                    key = namesakes[0]
            aligned.add(key)
        return aligned, gold_set


def score(gold: list[dict], predictions: dict[str, dict], names: ActorNames) -> Report:
    """Compare every gold story with its prediction (a missing prediction is empty)."""
    report = Report()
    for story in gold:
        predicted = predictions.get(Path(story["file"]).name, {})
        report.stories += 1
        report.topics.add(set(predicted.get("topics", [])), set(story.get("topics", [])))
        report.countries.add(set(predicted.get("countries", [])), set(story.get("countries", [])))
        actor_names = [actor["name"] for actor in predicted.get("actors", [])]
        report.actors.add(*names.match(actor_names, story.get("actors", [])))
        report.killed.add(predicted.get("killed"), story.get("killed"))
        report.wounded.add(predicted.get("wounded"), story.get("wounded"))
    return report


def details(gold: list[dict], predictions: dict[str, dict], names: ActorNames) -> None:
    """Print, story by story, what was missed and what was added."""
    for story in gold:
        predicted = predictions.get(Path(story["file"]).name, {})
        print(f"\n{story['file']}")
        pairs = [
            ("topics", set(predicted.get("topics", [])), set(story.get("topics", []))),
            ("countries", set(predicted.get("countries", [])), set(story.get("countries", []))),
            (
                "actors",
                *names.match([a["name"] for a in predicted.get("actors", [])], story["actors"]),
            ),
        ]
        for label, found, expected in pairs:
            print(
                f"  {label:9} missed {sorted(expected - found)}  added {sorted(found - expected)}"
            )
        for label in ("killed", "wounded"):
            print(f"  {label:9} {predicted.get(label)} (gold {story.get(label)})")


def print_report(report: Report) -> None:
    """Print the scores as a table."""
    print(f"stories: {report.stories}")
    print(f"{'field':10} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
    for label in ("topics", "countries", "actors"):
        counts: Counts = getattr(report, label)
        print(
            f"{label:10} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} "
            f"{counts.tp:5} {counts.fp:5} {counts.fn:5}"
        )
    for label in ("killed", "wounded"):
        exact: Exact = getattr(report, label)
        print(
            f"{label:10} exact {exact.hits_with}/{exact.total_with} with a figure, "
            f"{exact.hits}/{exact.total} overall"
        )


def read_predictions(path: Path) -> dict[str, dict]:
    """Read JSON-lines predictions, keyed by file name."""
    lines = path.read_text(encoding="utf-8").splitlines()
    records = (json.loads(line) for line in lines if line.strip())
    return {Path(record["file"]).name: record for record in records}


def predict_corpus(folder: Path, gold: list[dict]) -> dict[str, dict]:
    """Analyse the gold stories found in ``folder`` without any database."""
    from articles.analysis import analyse_many, document_from_story
    from articles.analysis.types import Vocabulary
    from articles.importing.formats import parse_file
    from articles.importing.types import ParsedStory

    files, docs = [], []
    for story in gold:
        path = folder / story["file"]
        if not path.exists():
            continue
        for parsed in parse_file(path.name, path.read_bytes()):
            if isinstance(parsed, ParsedStory):
                blocks = [(block.kind, block.text) for block in parsed.blocks]
                docs.append(document_from_story(parsed.title, parsed.lede, blocks, parsed.language))
                files.append(path.name)
                break
    vocabulary = Vocabulary(actors=load_starter_registry())
    predictions = {}
    for name, analysis in zip(files, analyse_many(docs, vocabulary), strict=True):
        predictions[name] = {
            "file": name,
            "topics": [topic.slug for topic in analysis.topics],
            "countries": [country.code for country in analysis.countries],
            "actors": [
                {"name": actor.name, "kind": actor.kind, "known": actor.key is not None}
                for actor in analysis.actors
            ],
            "killed": analysis.toll.killed,
            "wounded": analysis.toll.wounded,
        }
    return predictions


def main(argv: list[str] | None = None) -> int:
    """Score predictions (read or computed) against the gold file and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold.json")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--predictions", type=Path, help="JSON lines from analyze --json")
    source.add_argument("--corpus", type=Path, help="folder of the gold stories, analysed here")
    parser.add_argument("--details", action="store_true", help="show each story's differences")
    args = parser.parse_args(argv)

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    if args.predictions:
        predictions = read_predictions(args.predictions)
    else:
        predictions = predict_corpus(args.corpus, gold)
    names = ActorNames()
    if args.details:
        details(gold, predictions, names)
        print()
    print_report(score(gold, predictions, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
