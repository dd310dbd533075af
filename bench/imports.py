"""Import speed: the analysis against bare spaCy, registry matching alone, and import_stories.

Run by bench.run in a process of its own (it loads spaCy; its settings are in the
environment); prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.common import REPO, log, vacuum

MODEL = "fr_core_news_sm"


def sample_texts(count: int, *, small: bool) -> list[str]:
    """Return new story files as the importer receives them (a seed no earlier run used)."""
    from django.utils import timezone

    from articles.corpus import load_world, make_story

    world = load_world(seed=time.time_ns() % 1_000_000_007, end=timezone.now())
    texts = []
    for index in range(count):
        story = make_story(world, index)
        if small:
            # A short dispatch: the first paragraphs, no sub-headings.
            paragraphs = tuple(b for b in story.blocks if b[0] == "paragraph")[:2]
            story = replace(story, blocks=paragraphs)
        texts.append(story.as_text())
    return texts


def analysis_speed(count: int) -> dict:
    """Time the analysis of parsed stories with and without NER, and bare spaCy NER."""
    import spacy

    from articles.analysis import analyse_many
    from articles.importing import ParsedStory, parse_text
    from articles.services import build_vocabulary, document_for_story

    def parsed_sample() -> list[ParsedStory]:
        parsed = [
            parse_text(text, f"{number}.txt")
            for number, text in enumerate(sample_texts(count, small=False))
        ]
        return [story for story in parsed if isinstance(story, ParsedStory)]

    stories = parsed_sample()
    # Registry matching runs over stories of its own: the analysis keeps small caches of the
    # text it has seen, which would flatter a second pass over the same stories.
    unseen = [parsed_sample() for _ in range(2)]
    vocabulary = build_vocabulary()
    nlp = spacy.load(MODEL, enable=["ner"])
    docs = [document_for_story(story) for story in stories]
    lines = [
        line for doc in docs for part in doc.parts for line in part.split("\n") if line.strip()
    ]
    # Load the models and warm the caches outside the timed runs.
    analyse_many(docs[:10], vocabulary)
    list(nlp.pipe(lines[:200]))

    def timed(run) -> float:
        started = time.perf_counter()
        run()
        return time.perf_counter() - started

    def bare_ner() -> None:
        for _ in nlp.pipe(lines, batch_size=64):
            pass

    def pipeline(use_ner: bool = True, sample: list | None = None) -> None:
        sample = stories if sample is None else sample
        analyse_many([document_for_story(s) for s in sample], vocabulary, use_ner=use_ner)

    # Two alternating rounds, the best of each: other processes on the machine add noise.
    bare, full = [], []
    for round_number in (1, 2):
        log(f"bare spaCy NER over {len(stories)} stories, round {round_number}")
        bare.append(timed(bare_ner))
        log(f"full analysis of {len(stories)} stories, round {round_number}")
        full.append(timed(pipeline))
    log(f"registry matching of {len(stories)} stories never analysed before, no NER")
    registry_rates = [
        len(sample) / timed(lambda sample=sample: pipeline(use_ner=False, sample=sample))
        for sample in unseen
    ]
    bare_s, full_s = min(bare), min(full)
    return {
        "stories": len(stories),
        "words": sum(len(line.split()) for line in lines),
        "registry_actors": len(vocabulary.actors),
        "bare_ner_per_s": len(stories) / bare_s,
        "pipeline_per_s": len(stories) / full_s,
        "pipeline_over_ner": full_s / bare_s,
        "registry_only_per_s": max(registry_rates),
        "analysis_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def import_command_speed(count: int, limit: float) -> dict:
    """Import ``count`` small story files with manage.py import_stories, then remove them.

    The command is interrupted after ``limit`` seconds; the rate counts what it saved by then.
    """
    from django.utils import timezone

    from articles.models import Article, ImportRun

    with tempfile.TemporaryDirectory(prefix="newsreader-import-") as folder:
        for number, text in enumerate(sample_texts(count, small=True)):
            Path(folder, f"story-{number:05d}.txt").write_text(text, encoding="utf-8")
        log(f"manage.py import_stories: {count} files, at most {limit:.0f} s")
        since = timezone.now()
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_stories", folder, "--status", "published"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Reaped with wait4, which reports the child's own peak memory (Popen.wait does not).
        deadline = time.monotonic() + limit
        interrupted = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if not interrupted and time.monotonic() > deadline:
                process.send_signal(signal.SIGINT)
                interrupted = True
            time.sleep(0.2)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
    run = ImportRun.objects.filter(started_at__gte=since).order_by("pk").first()
    imported = Article.objects.filter(import_file__run=run)
    created = imported.count() if run else 0
    log("removing the imported stories")
    imported.delete()
    if run:
        run.delete()
    vacuum()
    return {
        "files": count,
        "created": created,
        "interrupted": interrupted,
        "seconds": elapsed,
        "stories_per_s": created / elapsed if elapsed else 0.0,
        "import_peak_rss_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    """Run both measures with the sizes given as arguments and print the figures as JSON."""
    analysed, imported, limit = (int(value) for value in sys.argv[1:4])
    import django

    django.setup()
    result = {"analysis": analysis_speed(analysed)}
    result["import_command"] = import_command_speed(imported, limit) if imported else None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
