"""The only place where the pure import and analysis packages meet the database."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
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
from .caching import invalidate_pages
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


def unique_slug(title: str, fingerprint: str) -> str:
    """Return a slug for a new story that no other story has."""
    base = slugify(title)[:180].strip("-") or "story"
    if not Article.objects.filter(slug=base).exists():
        return base
    return f"{base}-{fingerprint[:8]}"


def section_named(name: str | None) -> Section | None:
    """Return the section with this name, created if new."""
    name = " ".join((name or "").split())[:100]
    if not name:
        return None
    section = Section.objects.filter(name__iexact=name).first()
    if section:
        return section
    slug = slugify(name)[:100] or "section"
    section, _ = Section.objects.get_or_create(slug=slug, defaults={"name": name})
    return section


def find_duplicate(fingerprint: str) -> Article | None:
    """Return the story already saved with this fingerprint, if any."""
    return Article.objects.filter(fingerprint=fingerprint).first()


def import_story(
    story: ParsedStory,
    *,
    status: str = ArticleStatus.DRAFT,
    default_section: str | None = None,
    import_file: ImportFile | None = None,
    analyse: bool = True,
    vocabulary: Vocabulary | None = None,
) -> StoryOutcome:
    """Save one parsed story as an article, or report the article it duplicates."""
    existing = find_duplicate(story.fingerprint)
    if existing:
        return StoryOutcome(
            story.filename, ImportFile.Outcome.DUPLICATE, "already present", existing
        )
    language = story.language if story.language in Language.values else Language.OTHER
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=story.title[:300],
                slug=unique_slug(story.title, story.fingerprint),
                section=section_named(story.section or default_section),
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
            if analyse:
                analyse_article(article, vocabulary=vocabulary)
    except IntegrityError:
        # Another import saved the same story first: the unique constraint decided.
        existing = Article.objects.filter(fingerprint=story.fingerprint).first()
        if existing:
            return StoryOutcome(
                story.filename, ImportFile.Outcome.DUPLICATE, "already present", existing
            )
        raise
    return StoryOutcome(story.filename, ImportFile.Outcome.CREATED, "", article)


def record_files(
    files: Iterable[tuple[str, bytes]],
    *,
    user=None,
    origin: str = ImportRun.Origin.ADMIN,
    run: ImportRun | None = None,
) -> ImportRun:
    """Keep the received files, byte for byte, in an import run (a new one unless given)."""
    run = run or ImportRun.objects.create(user=user, origin=origin)
    for name, data in files:
        ImportFile.objects.create(run=run, name=name[:500], content=data, size=len(data))
    return run


def import_file_contents(
    import_file: ImportFile,
    *,
    status: str = ArticleStatus.DRAFT,
    default_section: str | None = None,
    analyse: bool = True,
    max_bytes: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> Iterator[StoryOutcome]:
    """Import every story of a kept file, yielding each outcome, and record the file's outcome."""
    outcomes: list[StoryOutcome] = []
    data = bytes(import_file.content)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    for item in parse_file(import_file.name, data, **kwargs):
        if isinstance(item, ParseFailure):
            outcome = StoryOutcome(item.filename, ImportFile.Outcome.FAILED, item.reason)
        else:
            try:
                outcome = import_story(
                    item,
                    status=status,
                    default_section=default_section,
                    import_file=import_file,
                    analyse=analyse,
                    vocabulary=vocabulary,
                )
            except Exception as error:  # one story's failure must not stop the batch
                logger.exception("Could not import %s", item.filename)
                outcome = StoryOutcome(
                    item.filename, ImportFile.Outcome.FAILED, f"could not be saved: {error}"
                )
        outcomes.append(outcome)
        yield outcome
    kinds = {outcome.outcome for outcome in outcomes}
    if not outcomes:
        import_file.outcome = ImportFile.Outcome.FAILED
    elif len(kinds) == 1:
        import_file.outcome = kinds.pop()
    elif ImportFile.Outcome.FAILED in kinds:
        import_file.outcome = ImportFile.Outcome.PARTIAL
    else:
        import_file.outcome = ImportFile.Outcome.CREATED
    import_file.report = [outcome.as_report() for outcome in outcomes]
    import_file.save(update_fields=["outcome", "report"])


def import_run(
    run: ImportRun,
    *,
    status: str = ArticleStatus.DRAFT,
    default_section: str | None = None,
    analyse: bool = True,
    max_bytes: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> Iterator[StoryOutcome]:
    """Import the pending files of a run, yielding each story's outcome as it is saved."""
    summary = RunSummary()
    if analyse and vocabulary is None:
        vocabulary = build_vocabulary()
    pending = run.files.filter(outcome=ImportFile.Outcome.PENDING).order_by("id")
    for import_file in pending.iterator(chunk_size=50):
        for outcome in import_file_contents(
            import_file,
            status=status,
            default_section=default_section,
            analyse=analyse,
            max_bytes=max_bytes,
            vocabulary=vocabulary,
        ):
            summary.add(outcome)
            yield outcome
    run.created_count += summary.created
    run.duplicate_count += summary.duplicates
    run.failed_count += summary.failed
    run.finished_at = timezone.now()
    run.save(update_fields=["created_count", "duplicate_count", "failed_count", "finished_at"])


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


def _record_candidate(suggestion: ActorSuggestion, article: Article) -> None:
    """Count an unknown name the analysis found, for editors to accept or reject."""
    key = fold(" ".join(suggestion.name.split()))[:200]
    kind = suggestion.kind if suggestion.kind in ActorKind.values else ActorKind.PERSON
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
    """Store an analysis as suggestions on a story."""
    topics = dict(
        Topic.objects.filter(slug__in=[t.slug for t in analysis.topics]).values_list("slug", "pk")
    )
    _refresh_links(
        ArticleTopic,
        article,
        "topic",
        {
            topics[t.slug]: {"score": t.score, "evidence": list(t.evidence)}
            for t in analysis.topics
            if t.slug in topics
        },
    )
    countries = dict(
        Country.objects.filter(code__in=[c.code for c in analysis.countries]).values_list(
            "code", "pk"
        )
    )
    _refresh_links(
        ArticleCountry,
        article,
        "country",
        {
            countries[c.code]: {"score": c.score, "evidence": list(c.evidence)}
            for c in analysis.countries
            if c.code in countries
        },
    )
    known = [a for a in analysis.actors if a.key]
    actors = dict(Actor.objects.filter(slug__in=[a.key for a in known]).values_list("slug", "pk"))
    _refresh_links(
        ArticleActor,
        article,
        "actor",
        {
            actors[a.key]: {
                "score": a.score,
                "evidence": [a.evidence] if a.evidence else [],
                "mention_count": len(a.mentions),
                "mentions": [list(span) for span in a.mentions],
            }
            for a in known
            if a.key in actors
        },
    )
    for suggestion in analysis.actors:
        if not suggestion.key:
            _record_candidate(suggestion, article)
    article.quotes.filter(decision=Decision.SUGGESTED).delete()
    Quote.objects.bulk_create(
        Quote(
            article=article,
            actor_id=actors.get(quote.actor_key or ""),
            speaker=(quote.speaker or "")[:200],
            text=quote.text,
            position=position,
        )
        for position, quote in enumerate(analysis.quotes)
    )
    if not article.is_toll_confirmed:
        toll = analysis.toll
        article.killed, article.wounded, article.missing = toll.killed, toll.wounded, toll.missing
        article.is_toll_approximate = toll.is_approximate
        article.toll_evidence = "\n".join(toll.evidence)
        article.toll_attribution = (toll.attributed_to or "")[:300]
    article.analysed_at = timezone.now()
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
