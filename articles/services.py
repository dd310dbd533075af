"""The only place where the pure import and analysis packages meet the database."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from .analysis.types import (
    ActorSuggestion,
    Analysis,
    Document,
    KnownActor,
    TopicRule,
    Vocabulary,
)
from .caching import invalidate_pages, one_invalidation
from .importing import fingerprint, parse_file
from .importing.types import Block, BlockKind, ParsedStory, ParseFailure
from .models import (
    Actor,
    ActorAlias,
    ActorKind,
    Article,
    ArticleActor,
    ArticleCountry,
    ArticleStatus,
    ArticleTopic,
    CandidateActor,
    CandidateStatus,
    Country,
    Decision,
    ImportFile,
    ImportRun,
    Language,
    Quote,
    Section,
    Topic,
)
from .search import fold

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryOutcome:
    """What became of one story of an import."""

    name: str
    outcome: str  # "created", "duplicate" or "failed"
    message: str = ""
    article: Article | None = None

    def as_report(self) -> dict:
        return {
            "name": self.name,
            "outcome": self.outcome,
            "message": self.message,
            "article_id": self.article.pk if self.article else None,
            "title": self.article.title if self.article else "",
        }


@dataclass
class RunSummary:
    """Counts of an import run, with the reasons of failures."""

    created: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: StoryOutcome) -> None:
        if outcome.outcome == ImportFile.Outcome.CREATED:
            self.created += 1
        elif outcome.outcome == ImportFile.Outcome.DUPLICATE:
            self.duplicates += 1
        else:
            self.failed += 1
            self.failures.append((outcome.name, outcome.message))


def render_body(blocks: Iterable) -> str:
    """Return parsed blocks as the body markup: "## " headings, blank-line separated."""
    chunks = []
    for block in blocks:
        text = " ".join(block.text.split())
        if not text:
            continue
        chunks.append(f"## {text}" if block.kind == BlockKind.HEADING else text)
    return "\n\n".join(chunks)


def section_name(name: str | None) -> str:
    """Return a section name as it is stored: spaces collapsed, at most 100 characters."""
    return " ".join((name or "").split())[:100]


def section_named(name: str | None) -> Section | None:
    """Return the section with this name, created if new."""
    name = section_name(name)
    if not name:
        return None
    return Section.objects.filter(name__iexact=name).first() or new_section(name)


def new_section(name: str) -> Section:
    slug = slugify(name)[:100] or "section"
    section, _ = Section.objects.get_or_create(slug=slug, defaults={"name": name})
    return section


IMPORT_CHUNK_STORIES = 48  # stories analysed together: one batched pass of the language model
READ_FILES = 50  # kept files read from the database, or recorded into it, at a time
READ_BYTES = 16 * 1024 * 1024  # ... and at most about this many of their bytes


@dataclass(frozen=True)
class ImportOptions:
    """How the stories of an import are saved: the same for every file of a run."""

    status: str = ArticleStatus.DRAFT
    default_section: str | None = None
    analyse: bool = True
    max_bytes: int | None = None  # settings.IMPORT_MAX_FILE_BYTES when None
    vocabulary: Vocabulary | None = None  # read from the database once per run when None
    chunk_size: int = IMPORT_CHUNK_STORIES

    def ready(self) -> ImportOptions:
        """Return these options with the vocabulary the analysis needs, read once."""
        if self.analyse and self.vocabulary is None:
            return replace(self, vocabulary=build_vocabulary())
        return self


class _Lookups:
    """Keys of the rows an import links its stories to, read once per run instead of per story.

    Only rows read back from the database are remembered, never rows a story is creating, so
    nothing remembered can vanish with a story that is rolled back. If a remembered row is
    deleted while the run goes on, the story fails its foreign key and ``_save_new_story``
    tries it once more with everything read again.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._keys: dict[tuple[type, str], dict[str, int | None]] = {}
        self._sections: dict[str, int] = {}
        self._slugs_checked: set[str] = set()
        self._slugs_taken: set[str] = set()

    def ids(self, model, field: str, values: Iterable[str]) -> dict[str, int]:
        """Return the primary keys of the rows with these values of ``field``, if they exist."""
        known = self._keys.setdefault((model, field), {})
        wanted = set(values)
        missing = wanted - known.keys()
        if missing:
            found = dict(model.objects.filter(**{f"{field}__in": missing}).values_list(field, "pk"))
            known.update({value: found.get(value) for value in missing})
        return {value: known[value] for value in wanted if known[value] is not None}

    def section_id(self, name: str | None) -> int | None:
        """Return the key of the section with this name, created if new (as ``section_named``)."""
        name = section_name(name)
        if not name:
            return None
        if name not in self._sections:
            section = Section.objects.filter(name__iexact=name).first()
            if section is None:
                return new_section(name).pk  # remembered once read back, after it is saved
            self._sections[name] = section.pk
        return self._sections[name]

    def check_slugs(self, titles: Iterable[str]) -> None:
        """Read at once which of the slugs these titles would take are taken already."""
        bases = {_base_slug(title) for title in titles} - self._slugs_checked
        if bases:
            self._slugs_taken.update(
                Article.objects.filter(slug__in=bases).order_by().values_list("slug", flat=True)
            )
            self._slugs_checked.update(bases)

    def free_slug(self, title: str, fingerprint: str) -> str:
        """Return a slug for a new story that no other story has."""
        base = _base_slug(title)
        self.check_slugs([title])
        return f"{base}-{fingerprint[:8]}" if base in self._slugs_taken else base

    def took_slug(self, slug: str) -> None:
        self._slugs_taken.add(slug)


def _base_slug(title: str) -> str:
    return slugify(title)[:180].strip("-") or "story"


def find_duplicate(fingerprint: str) -> Article | None:
    """Return the story already saved with this fingerprint, if any."""
    return Article.objects.filter(fingerprint=fingerprint).first()


def find_duplicates(fingerprints: Iterable[str]) -> dict[str, Article]:
    """Return the stories already saved with these fingerprints, by fingerprint."""
    return {
        article.fingerprint: article
        for article in Article.objects.filter(fingerprint__in=set(fingerprints)).order_by()
    }


def _new_article(story: ParsedStory, status: str, import_file: ImportFile | None) -> Article:
    """Return the article a parsed story becomes, not saved yet (no slug nor section)."""
    language = story.language if story.language in Language.values else Language.OTHER
    return Article(
        title=story.title[:300],
        lede=story.lede,
        body=render_body(story.blocks),
        source=(story.source or "")[:200],
        source_url=(story.source_url or "")[:500],
        author=(story.author or "")[:200],
        language=language,
        status=status,
        published_at=story.published_at or timezone.now(),
        original_text=story.original,
        fingerprint=story.fingerprint,
        import_file=import_file,
    )


def import_story(
    story: ParsedStory,
    *,
    status: str = ArticleStatus.DRAFT,
    default_section: str | None = None,
    import_file: ImportFile | None = None,
    analyse: bool = True,
    vocabulary: Vocabulary | None = None,
) -> StoryOutcome:
    """Save one parsed story as an article, or report the article it duplicates.

    Many stories are better imported with ``import_run``, which analyses them a chunk at a time.
    """
    existing = find_duplicate(story.fingerprint)
    if existing:
        return StoryOutcome(
            story.filename, ImportFile.Outcome.DUPLICATE, "already present", existing
        )
    article = _new_article(story, status, import_file)
    analysis = None
    if analyse:
        from .analysis import analyse as analyse_document

        # Before the transaction: none is held open while the language model runs.
        analysis = analyse_document(document_for(article), vocabulary or build_vocabulary())
    return _save_new_story(
        article,
        analysis,
        name=story.filename,
        section=story.section or default_section,
        lookups=_Lookups(),
    )


def _save_new_story(
    article: Article,
    analysis: Analysis | None,
    *,
    name: str,
    section: str | None,
    lookups: _Lookups,
    then: Callable[[StoryOutcome], None] | None = None,
) -> StoryOutcome:
    """Save a story and its suggested tags in one transaction, or report the story it repeats.

    ``then`` is given the outcome inside the transaction, for what must be saved with the story.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                article.pk, article._state.adding = None, True
                article.section_id = lookups.section_id(section)
                article.slug = lookups.free_slug(article.title, article.fingerprint)
                if analysis is not None:
                    _set_toll(article, analysis)
                article.save(force_insert=True)
                if analysis is not None:
                    _tag_new_article(article, analysis, lookups)
                if then is not None:
                    then(StoryOutcome(name, ImportFile.Outcome.CREATED, "", article))
        except IntegrityError:
            # Another import saved the same story first: the unique constraint decided.
            existing = Article.objects.filter(fingerprint=article.fingerprint).first()
            if existing:
                return StoryOutcome(name, ImportFile.Outcome.DUPLICATE, "already present", existing)
            if attempt:
                raise
            # Another story took the slug meanwhile, or a row read earlier in the run is gone.
            lookups.clear()
        else:
            lookups.took_slug(article.slug)
            return StoryOutcome(name, ImportFile.Outcome.CREATED, "", article)
    raise AssertionError("unreachable")


def _set_toll(article: Article, analysis: Analysis) -> None:
    """Give a story the toll the analysis found, and mark it analysed now."""
    toll = analysis.toll
    article.killed, article.wounded, article.missing = toll.killed, toll.wounded, toll.missing
    article.is_toll_approximate = toll.is_approximate
    article.toll_evidence = "\n".join(toll.evidence)
    article.toll_attribution = (toll.attributed_to or "")[:300]
    article.analysed_at = timezone.now()


# The field each kind of link points through.
LINK_FIELDS = {ArticleTopic: "topic", ArticleCountry: "country", ArticleActor: "actor"}


def _suggested_links(analysis: Analysis, topics: dict, countries: dict, actors: dict) -> dict:
    """Return the links an analysis suggests, per link model: {tag id: the link's values}.

    ``topics``, ``countries`` and ``actors`` map the analysis's keys to the tags' ids; a tag
    suggested twice is linked once, with the values of the last suggestion.
    """
    return {
        ArticleTopic: {
            topics[t.slug]: {"score": t.score, "evidence": list(t.evidence)}
            for t in analysis.topics
            if t.slug in topics
        },
        ArticleCountry: {
            countries[c.code]: {"score": c.score, "evidence": list(c.evidence)}
            for c in analysis.countries
            if c.code in countries
        },
        ArticleActor: {
            actors[a.key]: {
                "score": a.score,
                "evidence": [a.evidence] if a.evidence else [],
                "mention_count": len(a.mentions),
                "mentions": [list(span) for span in a.mentions],
            }
            for a in analysis.actors
            if a.key and a.key in actors
        },
    }


def _tag_ids(analysis: Analysis, lookups: _Lookups) -> tuple[dict, dict, dict]:
    """Return the ids of the topics, countries and known actors an analysis names."""
    return (
        lookups.ids(Topic, "slug", (t.slug for t in analysis.topics)),
        lookups.ids(Country, "code", (c.code for c in analysis.countries)),
        lookups.ids(Actor, "slug", (a.key for a in analysis.actors if a.key)),
    )


def _suggested_quotes(article: Article, analysis: Analysis, actors: dict) -> list[Quote]:
    return [
        Quote(
            article=article,
            actor_id=actors.get(quote.actor_key or ""),
            speaker=(quote.speaker or "")[:200],
            text=quote.text,
            position=position,
        )
        for position, quote in enumerate(analysis.quotes)
    ]


def _tag_new_article(article: Article, analysis: Analysis, lookups: _Lookups) -> None:
    """Store an analysis as suggestions on a story just created: ``tag_article``, in bulk.

    A new story has no links, quotes nor editors' decisions to keep, so every row is new.
    """
    topics, countries, actors = _tag_ids(analysis, lookups)
    for model, links in _suggested_links(analysis, topics, countries, actors).items():
        field = LINK_FIELDS[model]
        if links:
            model.objects.bulk_create(
                model(article=article, **{f"{field}_id": pk}, **values)
                for pk, values in links.items()
            )
    _record_new_candidates([a for a in analysis.actors if not a.key], article)
    if analysis.quotes:
        Quote.objects.bulk_create(_suggested_quotes(article, analysis, actors))


def _record_new_candidates(suggestions: list[ActorSuggestion], article: Article) -> None:
    """Count the unknown names of a story just created: ``_record_candidate``, in bulk."""
    wanted: dict[str, CandidateActor] = {}
    for suggestion in suggestions:
        key, kind = _candidate_key_kind(suggestion)
        wanted.setdefault(key, CandidateActor(key=key, name=suggestion.name[:200], kind=kind))
    if not wanted:
        return
    found = {
        key: (pk, status)
        for key, pk, status in CandidateActor.objects.filter(key__in=wanted).values_list(
            "key", "pk", "status"
        )
    }
    missing = [candidate for key, candidate in wanted.items() if key not in found]
    if missing:
        # Another import may add the same name meanwhile: the unique key keeps one.
        CandidateActor.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(
            (key, (pk, status))
            for key, pk, status in CandidateActor.objects.filter(
                key__in=[candidate.key for candidate in missing]
            ).values_list("key", "pk", "status")
        )
    pending = [pk for pk, status in found.values() if status == CandidateStatus.PENDING]
    if pending:
        through = CandidateActor.articles.through
        through.objects.bulk_create(
            through(candidateactor_id=pk, article_id=article.pk) for pk in pending
        )
        CandidateActor.objects.filter(pk__in=pending).update(seen_count=F("seen_count") + 1)


def record_files(
    files: Iterable[tuple[str, bytes]],
    *,
    user=None,
    origin: str = ImportRun.Origin.ADMIN,
    run: ImportRun | None = None,
) -> ImportRun:
    """Keep the received files, byte for byte, in an import run (a new one unless given)."""
    run = run or ImportRun.objects.create(user=user, origin=origin)
    kept = (
        ImportFile(run=run, name=name[:500], content=data, size=len(data)) for name, data in files
    )
    for batch in batches(kept, size_of=lambda import_file: import_file.size):
        ImportFile.objects.bulk_create(batch)
    return run


def batches(items: Iterable, *, size_of) -> Iterator[list]:
    """Yield the items in groups of at most READ_FILES, or about READ_BYTES of their sizes."""
    batch: list = []
    size = 0
    for item in items:
        batch.append(item)
        size += size_of(item)
        if len(batch) >= READ_FILES or size >= READ_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def import_file_contents(
    import_file: ImportFile, options: ImportOptions = ImportOptions()
) -> Iterator[StoryOutcome]:
    """Import every story of a kept file, yielding each outcome, and record the file's outcome."""
    yield from _Import([import_file], options.ready()).outcomes()


def import_run(run: ImportRun, options: ImportOptions = ImportOptions()) -> Iterator[StoryOutcome]:
    """Import the pending files of a run, yielding each story's outcome as it is saved.

    If the database goes away, every story and file not imported yet is reported as failed
    and the database error is raised again; the files stay pending in the run.
    """
    summary = RunSummary()
    pending = run.files.filter(outcome=ImportFile.Outcome.PENDING).order_by("id")
    for outcome in _Import(list(pending.defer("content")), options.ready()).outcomes():
        summary.add(outcome)
        yield outcome
    run.created_count += summary.created
    run.duplicate_count += summary.duplicates
    run.failed_count += summary.failed
    run.finished_at = timezone.now()
    run.save(update_fields=["created_count", "duplicate_count", "failed_count", "finished_at"])


@dataclass
class _FileState:
    """A kept file while its stories are imported."""

    import_file: ImportFile
    outcomes: list[StoryOutcome] = field(default_factory=list)
    recorded: bool = False  # saved with its last story

    def finish(self, last: StoryOutcome | None = None) -> None:
        """Record what became of the file: one outcome, and a report line per story."""
        outcomes = [*self.outcomes, last] if last else self.outcomes
        kinds = {outcome.outcome for outcome in outcomes}
        if not outcomes:
            outcome = ImportFile.Outcome.FAILED
        elif len(kinds) == 1:
            outcome = kinds.pop()
        elif ImportFile.Outcome.FAILED in kinds:
            outcome = ImportFile.Outcome.PARTIAL
        else:
            outcome = ImportFile.Outcome.CREATED
        self.import_file.outcome = outcome
        self.import_file.report = [outcome.as_report() for outcome in outcomes]
        self.import_file.save(update_fields=["outcome", "report"])


@dataclass
class _Entry:
    """One story or failure read from a kept file, or the end of that file (``item`` None)."""

    file: _FileState
    item: ParsedStory | ParseFailure | None
    article: Article | None = None  # the story as it will be saved
    analysis: Analysis | None = None
    error: str = ""  # why the story could not be analysed


class _Import:
    """The stories of kept files, read, analysed and saved a chunk at a time.

    Each chunk is read, checked for stories already saved, analysed in one batched pass of
    the language model with no transaction open, then saved story by story, each in its own
    transaction. Outcomes come out one per story in the order of the files.
    """

    def __init__(self, files: Sequence[ImportFile], options: ImportOptions) -> None:
        self.files = files
        self.options = options
        self.lookups = _Lookups()
        self.started = 0  # files whose reading has begun
        self.chunk: deque[_Entry] = deque()  # read and not dealt with yet
        self.waiting: _Entry | None = None  # read, for the next chunk

    def outcomes(self) -> Iterator[StoryOutcome]:
        entries = self._entries()
        try:
            stories = 0
            for entry in entries:
                if isinstance(entry.item, ParsedStory):
                    if stories == self.options.chunk_size:
                        self.waiting = entry
                        yield from self._import_chunk()
                        self.waiting, stories = None, 0
                    stories += 1
                self.chunk.append(entry)
            yield from self._import_chunk()
        except (OperationalError, InterfaceError) as error:
            # The database is gone: report what is left, then let the caller know.
            yield from self._abandon(entries, error)
            raise

    def _entries(self) -> Iterator[_Entry]:
        """Yield what the files hold, each file's stories then its end, reading them in groups."""
        max_bytes = self.options.max_bytes or settings.IMPORT_MAX_FILE_BYTES
        for import_file, data in _with_contents(self.files):
            self.started += 1
            if data is None:
                continue  # deleted since the run was listed: nothing is left to import
            state = _FileState(import_file)
            for item in parse_file(import_file.name, data, max_bytes=max_bytes):
                entry = _Entry(state, item)
                if isinstance(item, ParsedStory):
                    entry.article = _new_article(item, self.options.status, import_file)
                yield entry
            yield _Entry(state, None)

    def _import_chunk(self) -> Iterator[StoryOutcome]:
        stories = [entry for entry in self.chunk if isinstance(entry.item, ParsedStory)]
        present = find_duplicates(entry.item.fingerprint for entry in stories)
        new: dict[str, _Entry] = {}  # the first copy of each story not saved yet
        for entry in stories:
            if entry.item.fingerprint not in present:
                new.setdefault(entry.item.fingerprint, entry)
        if self.options.analyse:
            self._analyse(list(new.values()))
        self.lookups.check_slugs(entry.article.title for entry in new.values())
        # Cached pages are dropped once for the chunk, after its last story is saved; the
        # outcomes follow, those of the stories saved included if the database goes away.
        outcomes: list[StoryOutcome] = []
        try:
            with one_invalidation():
                outcomes.extend(self._save_chunk(present))
        finally:
            yield from outcomes

    def _save_chunk(self, present: dict[str, Article]) -> Iterator[StoryOutcome]:
        while self.chunk:
            entry = self.chunk[0]
            if entry.item is None:
                if not entry.file.recorded:
                    entry.file.finish()
                self.chunk.popleft()
                continue
            # The last story of a file is saved with the file's outcome: one commit, not two.
            last = len(self.chunk) > 1 and self.chunk[1].item is None
            outcome = self._outcome(entry, present, last=last)
            self.chunk.popleft()
            entry.file.outcomes.append(outcome)
            yield outcome

    def _analyse(self, entries: list[_Entry]) -> None:
        """Analyse stories together; if that fails, one by one, so one story cannot spoil all."""
        from .analysis import analyse_many

        if not entries:
            return
        try:
            docs = [document_for(entry.article) for entry in entries]
            results = analyse_many(docs, self.options.vocabulary)
        except Exception:
            logger.exception("Could not analyse a chunk of %d stories together", len(entries))
        else:
            for entry, result in zip(entries, results, strict=True):
                entry.analysis = result
            return
        for entry in entries:
            try:
                entry.analysis = analyse_many(
                    [document_for(entry.article)], self.options.vocabulary
                )[0]
            except Exception as error:
                logger.exception("Could not analyse %s", entry.item.filename)
                entry.error = f"could not be analysed: {error}"

    def _outcome(self, entry: _Entry, present: dict[str, Article], *, last: bool) -> StoryOutcome:
        """Save one story of the chunk, or say why not."""
        story = entry.item
        if isinstance(story, ParseFailure):
            return StoryOutcome(story.filename, ImportFile.Outcome.FAILED, story.reason)
        existing = present.get(story.fingerprint)
        if existing:
            # Saved before, or earlier in this chunk: the same file twice in a batch.
            return StoryOutcome(
                story.filename, ImportFile.Outcome.DUPLICATE, "already present", existing
            )
        if self.options.analyse and entry.analysis is None and not entry.error:
            self._analyse([entry])  # a second copy whose first could not be saved
        if entry.error:
            return StoryOutcome(story.filename, ImportFile.Outcome.FAILED, entry.error)
        try:
            outcome = _save_new_story(
                entry.article,
                entry.analysis,
                name=story.filename,
                section=story.section or self.options.default_section,
                lookups=self.lookups,
                then=entry.file.finish if last else None,
            )
            entry.file.recorded = last and outcome.outcome == ImportFile.Outcome.CREATED
        except Exception as error:  # one story's failure must not stop the batch
            if isinstance(error, OperationalError | InterfaceError) and _database_lost():
                raise
            logger.exception("Could not import %s", story.filename)
            outcome = StoryOutcome(
                story.filename, ImportFile.Outcome.FAILED, f"could not be saved: {error}"
            )
        if outcome.article is not None:
            present[story.fingerprint] = outcome.article
        return outcome

    def _abandon(self, entries: Iterator[_Entry], error: Exception) -> Iterator[StoryOutcome]:
        """Report every story and file left when the database went away."""
        reason = f"not imported, database unavailable: {error}"
        if self.waiting is not None:
            self.chunk.append(self.waiting)
        # The file being read is in memory: its remaining stories are named one by one.
        if self.chunk and self.chunk[-1].item is not None:
            for entry in entries:
                if entry.item is None:
                    break
                self.chunk.append(entry)
        for entry in self.chunk:
            if isinstance(entry.item, ParseFailure):
                yield StoryOutcome(
                    entry.item.filename, ImportFile.Outcome.FAILED, entry.item.reason
                )
            elif entry.item is not None:
                yield StoryOutcome(entry.item.filename, ImportFile.Outcome.FAILED, reason)
        self.chunk.clear()
        for import_file in self.files[self.started :]:
            yield StoryOutcome(import_file.name, ImportFile.Outcome.FAILED, reason)


def _with_contents(files: Iterable[ImportFile]) -> Iterator[tuple[ImportFile, bytes | None]]:
    """Yield each kept file with its bytes, read from the database a group of files at a time.

    A file deleted meanwhile comes with None.
    """
    for group in batches(files, size_of=lambda import_file: import_file.size):
        yield from _read_contents(group)


def _read_contents(group: list[ImportFile]) -> Iterator[tuple[ImportFile, bytes | None]]:
    unread = [f.pk for f in group if "content" in f.get_deferred_fields()]
    contents = dict(
        ImportFile.objects.filter(pk__in=unread).order_by().values_list("pk", "content")
    )
    for import_file in group:
        if import_file.pk in unread:
            data = contents.get(import_file.pk)
            yield import_file, None if data is None else bytes(data)
        else:
            yield import_file, bytes(import_file.content)


def _database_lost() -> bool:
    """Whether the database cannot be reached any more, rather than one statement failed."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        return True
    return False


def actor_named(name: str, *, kind: str = "", country_code: str | None = None) -> Actor:
    """Return the actor known by this name or alias, created (unconfirmed) if new."""
    actor = (
        Actor.objects.active().filter(name__iexact=name).first()
        or Actor.objects.active().filter(aliases__name__iexact=name).first()
    )
    if actor:
        return actor
    country = Country.objects.filter(code=(country_code or "").upper()).first()
    slug = slugify(name)[:200] or "actor"
    actor, _ = Actor.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind or ActorKind.PERSON, "country": country}
    )
    return actor


@transaction.atomic
def import_demo_story(data: dict) -> tuple[Article, bool]:
    """Save one demo story with the tags an editor gave it; return it and whether it is new."""
    existing = Article.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing, False
    blocks = [
        Block(BlockKind.HEADING, chunk[3:].strip())
        if chunk.startswith("## ")
        else Block(BlockKind.PARAGRAPH, chunk.strip())
        for chunk in data["body"].split("\n\n")
        if chunk.strip()
    ]
    article = Article.objects.create(
        title=data["title"],
        slug=data["slug"],
        section=section_named(data.get("section")),
        lede=data.get("lede", ""),
        body=render_body(blocks),
        source=data.get("source") or "",
        source_url=data.get("source_url") or "",
        language=data.get("language", Language.FRENCH),
        status=ArticleStatus.PUBLISHED,
        published_at=datetime.fromisoformat(data["published_at"]),
        original_text=data["body"],
        fingerprint=fingerprint(data["title"], data.get("lede", ""), blocks),
        killed=data.get("killed"),
        wounded=data.get("wounded"),
        is_toll_confirmed=data.get("killed") is not None or data.get("wounded") is not None,
    )
    confirmed = {"decision": Decision.CONFIRMED, "score": 1.0}
    for topic in Topic.objects.filter(slug__in=data.get("topics", [])):
        ArticleTopic.objects.create(article=article, topic=topic, **confirmed)
    for country in Country.objects.filter(code__in=data.get("countries", [])):
        ArticleCountry.objects.create(article=article, country=country, **confirmed)
    for entry in data.get("actors", []):
        actor = actor_named(
            entry["name"], kind=entry.get("kind", ""), country_code=entry.get("country")
        )
        ArticleActor.objects.get_or_create(
            article=article, actor=actor, defaults={**confirmed, "mention_count": 1}
        )
    return article, True


def build_vocabulary() -> Vocabulary:
    """Return what the analysis needs to know from the database: actors, topic rules, rejections."""
    actors = tuple(
        KnownActor(
            key=actor.slug,
            name=actor.name,
            kind=actor.kind,
            country=actor.country.code if actor.country else None,
            aliases=tuple(alias.name for alias in actor.aliases.all()),
        )
        for actor in Actor.objects.active().select_related("country").prefetch_related("aliases")
    )
    topics = tuple(
        TopicRule(
            slug=topic.slug,
            terms=tuple((term.term, term.weight) for term in topic.terms.all()),
            threshold=topic.threshold,
        )
        for topic in Topic.objects.prefetch_related("terms")
    )
    rejected = frozenset(
        CandidateActor.objects.filter(status=CandidateStatus.REJECTED).values_list("key", flat=True)
    )
    return Vocabulary(actors=actors, topics=topics, rejected_names=rejected)


def document_for(article: Article) -> Document:
    """Return the story as the analysis reads it: title, lede, then body blocks."""
    blocks = article.blocks
    return Document(
        parts=(article.title, article.lede, *(text for _, text in blocks)),
        language=article.language,
        headings=frozenset(i + 2 for i, (kind, _) in enumerate(blocks) if kind == "heading"),
    )


def document_for_story(story: ParsedStory) -> Document:
    """Return a parsed story as the analysis reads it."""
    return Document(
        parts=(story.title, story.lede, *(block.text for block in story.blocks)),
        language=story.language,
        headings=frozenset(
            i + 2 for i, block in enumerate(story.blocks) if block.kind == BlockKind.HEADING
        ),
    )


def preview_tags(stories: list[ParsedStory]) -> list[dict]:
    """Return the tags the analysis would suggest for parsed stories, saving nothing."""
    if not stories:
        return []
    from .analysis import analyse_many

    vocabulary = build_vocabulary()
    names = dict(Topic.objects.values_list("slug", "name_en"))
    analyses = analyse_many([document_for_story(story) for story in stories], vocabulary)
    return [
        {
            "topics": [names.get(topic.slug, topic.slug) for topic in analysis.topics],
            "countries": [country.code for country in analysis.countries],
            "actors": [actor.name for actor in analysis.actors if actor.key],
            "candidates": [actor.name for actor in analysis.actors if not actor.key],
            "killed": analysis.toll.killed,
            "wounded": analysis.toll.wounded,
        }
        for analysis in analyses
    ]


def analyse_article(
    article: Article, *, vocabulary: Vocabulary | None = None, use_ner: bool = True
) -> Analysis:
    """Suggest tags for a story and store them, leaving editors' decisions untouched."""
    from .analysis import analyse

    analysis = analyse(document_for(article), vocabulary or build_vocabulary(), use_ner=use_ner)
    tag_article(article, analysis)
    return analysis


def _refresh_links(model, article: Article, field: str, suggestions: dict) -> None:
    """Replace a story's suggested links of one kind; editors' decisions stay as they are."""
    links = {getattr(link, f"{field}_id"): link for link in model.objects.filter(article=article)}
    for target_id, values in suggestions.items():
        link = links.pop(target_id, None)
        if link is None:
            model.objects.create(article=article, **{f"{field}_id": target_id}, **values)
        elif link.decision == Decision.SUGGESTED:
            for name, value in values.items():
                setattr(link, name, value)
            link.save()
    stale = [link.pk for link in links.values() if link.decision == Decision.SUGGESTED]
    model.objects.filter(pk__in=stale).delete()


def _candidate_key_kind(suggestion: ActorSuggestion) -> tuple[str, str]:
    """Return the key an unknown name is counted under, and its kind."""
    key = fold(" ".join(suggestion.name.split()))[:200]
    kind = suggestion.kind if suggestion.kind in ActorKind.values else ActorKind.PERSON
    return key, kind


def _record_candidate(suggestion: ActorSuggestion, article: Article) -> None:
    """Count an unknown name the analysis found, for editors to accept or reject."""
    key, kind = _candidate_key_kind(suggestion)
    candidate, _ = CandidateActor.objects.get_or_create(
        key=key, defaults={"name": suggestion.name[:200], "kind": kind}
    )
    if candidate.status != CandidateStatus.PENDING:
        return
    if not candidate.articles.filter(pk=article.pk).exists():
        candidate.articles.add(article)
        CandidateActor.objects.filter(pk=candidate.pk).update(seen_count=F("seen_count") + 1)


@transaction.atomic
def tag_article(article: Article, analysis: Analysis) -> None:
    """Store an analysis as suggestions on a story; editors' decisions stay as they are."""
    topics, countries, actors = _tag_ids(analysis, _Lookups())
    for model, links in _suggested_links(analysis, topics, countries, actors).items():
        _refresh_links(model, article, LINK_FIELDS[model], links)
    for suggestion in analysis.actors:
        if not suggestion.key:
            _record_candidate(suggestion, article)
    article.quotes.filter(decision=Decision.SUGGESTED).delete()
    Quote.objects.bulk_create(_suggested_quotes(article, analysis, actors))
    if article.is_toll_confirmed:
        article.analysed_at = timezone.now()
    else:
        _set_toll(article, analysis)
    article.save(
        update_fields=[
            "killed",
            "wounded",
            "missing",
            "is_toll_approximate",
            "toll_evidence",
            "toll_attribution",
            "analysed_at",
        ]
    )


@transaction.atomic
def accept_candidate(candidate: CandidateActor, *, into: Actor | None = None) -> Actor:
    """Make a candidate a registry actor, or an alias of an existing one, and tag its stories."""
    if into is None:
        actor = actor_named(candidate.name, kind=candidate.kind)
    else:
        actor = into
        ActorAlias.objects.get_or_create(actor=actor, name=candidate.name)
    actor.is_confirmed = True
    actor.save(update_fields=["is_confirmed"])
    for article in candidate.articles.all():
        ArticleActor.objects.get_or_create(article=article, actor=actor)
    candidate.status, candidate.actor = CandidateStatus.ACCEPTED, actor
    candidate.save(update_fields=["status", "actor"])
    return actor


def reject_candidate(candidate: CandidateActor) -> None:
    """Never suggest this name again."""
    candidate.status = CandidateStatus.REJECTED
    candidate.save(update_fields=["status"])


@transaction.atomic
def merge_actors(source: Actor, target: Actor) -> None:
    """Fold one actor into another: links and quotes move, names become aliases, URL redirects."""
    if source.pk == target.pk:
        raise ValueError("An actor cannot be merged into itself.")
    for link in ArticleActor.objects.filter(actor=source):
        kept = ArticleActor.objects.filter(article_id=link.article_id, actor=target).first()
        if kept:
            kept.mention_count += link.mention_count
            kept.mentions = [*kept.mentions, *link.mentions]
            kept.save(update_fields=["mention_count", "mentions"])
            link.delete()
        else:
            link.actor = target
            link.save(update_fields=["actor"])
    Quote.objects.filter(actor=source).update(actor=target)
    names = {source.name, *source.aliases.values_list("name", flat=True)} - {target.name}
    for name in names:
        ActorAlias.objects.get_or_create(actor=target, name=name)
    source.aliases.all().delete()
    Actor.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    invalidate_pages()


def confirm_suggestions(articles, *, user=None) -> int:
    """Mark every suggested tag of these stories as confirmed by an editor."""
    count = 0
    for model in (ArticleTopic, ArticleCountry, ArticleActor):
        count += model.objects.filter(article__in=articles, decision=Decision.SUGGESTED).update(
            decision=Decision.CONFIRMED, decided_by=user, decided_at=timezone.now()
        )
    invalidate_pages()
    return count
