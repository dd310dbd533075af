"""Stories, the vocabulary they are tagged with, and the record of imports."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .search import StoryDocument


class Decision(models.TextChoices):
    """Who decided that a tag belongs to a story."""

    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed by an editor")
    REJECTED = "rejected", _("rejected by an editor")


VISIBLE_DECISIONS = (Decision.SUGGESTED, Decision.CONFIRMED)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100] or "section"
        super().save(*args, **kwargs)


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_fr = models.CharField(_("French name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:country", args=[self.code.lower()])

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class ActorKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    ARMED_FORCE = "armed_force", _("armed force or group")
    GOVERNMENT_BODY = "government_body", _("government body")
    COMPANY = "company", _("company")
    MEDIA = "media", _("media")
    GROUP = "group", _("group")


class ActorQuerySet(models.QuerySet):
    def active(self):
        """Actors that have not been merged into another."""
        return self.filter(merged_into__isnull=True)


class Actor(models.Model):
    name = models.CharField(_("canonical name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind, default=ActorKind.PERSON)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
    )
    description = models.TextField(_("description"), blank=True)
    is_confirmed = models.BooleanField(_("confirmed by an editor"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_actors",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        indexes = [models.Index(fields=["name"], name="actor_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "actor"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:actor", args=[self.slug])


class ActorAlias(models.Model):
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="alias_unique_per_actor")
        ]

    def __str__(self):
        return self.name


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class CandidateActor(models.Model):
    """A name the analysis found that is not in the registry yet."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("normalised name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind, default=ActorKind.PERSON)
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus, default=CandidateStatus.PENDING
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("accepted as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    articles = models.ManyToManyField("Article", blank=True, related_name="candidate_actors")
    seen_count = models.PositiveIntegerField(_("times seen"), default=0)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        ordering = ["-seen_count", "name"]
        verbose_name = _("candidate actor")
        verbose_name_plural = _("candidate actors")

    def __str__(self):
        return self.name


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_fr = models.CharField(_("French name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    threshold = models.FloatField(
        _("threshold"), default=2.0, help_text=_("Score a story needs to be tagged.")
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class TopicTerm(models.Model):
    """A weighted word or phrase that counts for (or against) a topic."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField(
        _("term"),
        max_length=200,
        help_text=_(
            "A word or phrase; end a word with * to match any ending. A lone * stands for any "
            "word, #num for a number, #year for a year, #demonym for a word of nationality."
        ),
    )
    weight = models.FloatField(_("weight"), default=1.0)

    class Meta:
        ordering = ["topic", "-weight", "term"]
        verbose_name = _("topic term")
        verbose_name_plural = _("topic terms")
        constraints = [
            models.UniqueConstraint(fields=["topic", "term"], name="term_unique_per_topic")
        ]

    def __str__(self):
        return f"{self.term} ({self.weight:+g})"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    OTHER = "und", _("other")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def about(self, topic):
        return self.filter(
            article_topics__topic=topic, article_topics__decision__in=VISIBLE_DECISIONS
        )

    def mentioning(self, actor):
        return self.filter(
            article_actors__actor=actor, article_actors__decision__in=VISIBLE_DECISIONS
        )

    def located_in(self, country):
        return self.filter(
            article_countries__country=country, article_countries__decision__in=VISIBLE_DECISIONS
        )

    def matching(self, query: str):
        """Stories that answer a reader's search; see articles/search.py for the two databases."""
        from .search import (
            clean_query,
            has_full_text,
            is_name_like,
            similar_actors,
            story_query,
        )

        text = clean_query(query)
        if not text:
            return self
        if not has_full_text(self.db):
            return self.containing(text)
        # Matches are read through the GIN index in a subquery: filtered in place, the planner
        # may walk the date index and test every story's vector until it fills a page.
        hits = Q(pk__in=Article.objects.filter(search_vector=story_query(text)).values("pk"))
        if is_name_like(text):
            # Read first, the actor ids are literals the planner can hash.
            actor_ids = list(similar_actors(text, self.db).values_list("pk", flat=True))
            if actor_ids:
                hits |= Q(
                    pk__in=ArticleActor.objects.filter(
                        actor_id__in=actor_ids, decision__in=VISIBLE_DECISIONS
                    ).values("article_id")
                )
        return self.filter(hits)

    def containing(self, query: str):
        """Stories whose text holds every word of the query and none of its "-words"."""
        from .search import Unaccent, query_words

        wanted, excluded = query_words(query)
        if not wanted and not excluded:
            return self
        text = Lower(
            Unaccent(
                Concat("title", Value(" "), "lede", Value(" "), "body", output_field=TextField())
            )
        )
        queryset = self.alias(search_text=text)
        for word in wanted[:12]:
            queryset = queryset.filter(search_text__contains=word)
        for word in excluded[:12]:
            queryset = queryset.exclude(search_text__contains=word)
        return queryset

    def ranked(self, query: str):
        """These stories, most relevant to the query first; SQLite, which cannot rank, by date."""
        from .search import clean_query, has_full_text, story_rank

        text = clean_query(query)
        if not text or not has_full_text(self.db):
            return self.order_by("-published_at", "-id")
        return self.annotate(rank=story_rank(text)).order_by("-rank", "-published_at", "-id")

    def related_to(self, article, *, actor_ids, topic_ids, limit=4, window=200):
        """Stories sharing the most actors, then topics, with this one, in one query.

        Candidates share an actor (a topic when the story has no actor: topics are broad), and
        only the ``window`` most recently added of them compete, read from the links alone, so
        that a much-covered actor costs no more than a rare one and the database never walks
        the stories by date looking for a rare actor's. Among equals, the newest wins.
        """
        shared_actor = Q(
            article_actors__actor_id__in=actor_ids,
            article_actors__decision__in=VISIBLE_DECISIONS,
        )
        shared_topic = Q(
            article_topics__topic_id__in=topic_ids,
            article_topics__decision__in=VISIBLE_DECISIONS,
        )
        if actor_ids:
            links = ArticleActor.objects.filter(actor_id__in=actor_ids)
        else:
            links = ArticleTopic.objects.filter(topic_id__in=topic_ids)
        latest = (
            links.filter(decision__in=VISIBLE_DECISIONS)
            .exclude(article_id=article.pk)
            .order_by("-article_id")
            .values("article_id")
            .distinct()[:window]
        )
        return (
            self.filter(pk__in=latest)
            .annotate(
                shared_actors=models.Count("article_actors", filter=shared_actor, distinct=True),
                shared_topics=models.Count("article_topics", filter=shared_topic, distinct=True),
            )
            .annotate(closeness=F("shared_actors") * 2 + F("shared_topics"))
            .select_related("section")
            .only("title", "slug", "language", "published_at", "section__name", "section__slug")
            .order_by("-closeness", "-published_at", "-id")[:limit]
        )

    def for_listing(self):
        """Load what a story card shows in a fixed number of queries, and little else."""

        def visible(name: str, model, tag: str, *order: str):
            links = model.objects.filter(decision__in=VISIBLE_DECISIONS)
            links = links.select_related(tag).defer("evidence")
            if order:
                links = links.order_by(*order)
            return models.Prefetch(f"article_{name}", queryset=links, to_attr=f"visible_{name}")

        return (
            self.select_related("section")
            .defer("search_vector", "original_text")
            .prefetch_related(
                visible("topics", ArticleTopic, "topic"),
                visible("countries", ArticleCountry, "country"),
                visible("actors", ArticleActor, "actor", "-mention_count", "actor__name"),
            )
        )


class Article(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    lede = models.TextField(_("lede"), blank=True)
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Paragraphs separated by a blank line; a line starting with ## is a heading."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=3, choices=Language, default=Language.FRENCH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    original_text = models.TextField(_("original text, as received"), blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    import_file = models.ForeignKey(
        "ImportFile",
        verbose_name=_("imported from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    killed = models.PositiveIntegerField(_("killed"), null=True, blank=True)
    wounded = models.PositiveIntegerField(_("wounded"), null=True, blank=True)
    missing = models.PositiveIntegerField(_("missing"), null=True, blank=True)
    is_toll_approximate = models.BooleanField(_("toll is approximate"), default=False)
    toll_evidence = models.TextField(_("toll evidence"), blank=True)
    toll_attribution = models.CharField(_("toll given by"), max_length=300, blank=True)
    is_toll_confirmed = models.BooleanField(_("toll confirmed by an editor"), default=False)
    analysed_at = models.DateTimeField(_("analysed"), null=True, blank=True)
    search_vector = models.GeneratedField(
        verbose_name=_("search vector"),
        expression=StoryDocument(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    countries = models.ManyToManyField(
        Country, through="ArticleCountry", related_name="articles", blank=True
    )
    actors = models.ManyToManyField(
        Actor, through="ArticleActor", related_name="articles", blank=True
    )
    topics = models.ManyToManyField(
        Topic, through="ArticleTopic", related_name="articles", blank=True
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="article_unique_fingerprint"),
            models.CheckConstraint(
                condition=~Q(fingerprint=""), name="article_fingerprint_not_empty"
            ),
        ]
        indexes = [
            # Lists read ids in date order from the index alone (id included, newest first).
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_published_idx"
            ),
            models.Index(fields=["language", "-published_at"], name="article_lang_published_idx"),
        ]
        permissions = [("import_articles", _("Can import stories"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """Return the body as (kind, text) pairs: "heading" or "paragraph"."""
        result = []
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            text = chunk.strip()
            if not text:
                continue
            if text.startswith("#"):
                result.append(("heading", text.lstrip("#").strip()))
            else:
                result.append(("paragraph", " ".join(text.split())))
        return result


class ArticleTag(models.Model):
    """What every link from a story to a tag records: who decided, and why."""

    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.SUGGESTED
    )
    score = models.FloatField(_("score"), default=0.0)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        abstract = True


class ArticleTopic(ArticleTag):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_topics")

    class Meta:
        verbose_name = _("story topic")
        verbose_name_plural = _("story topics")
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="article_topic_unique")
        ]
        indexes = [
            models.Index(fields=["topic", "decision"], name="article_topic_lookup_idx"),
            # A story's visible tags, read from the index alone when lists join and count them.
            models.Index(
                fields=["article", "topic"],
                condition=Q(decision__in=VISIBLE_DECISIONS),
                name="article_topic_visible_idx",
            ),
        ]

    def __str__(self):
        return str(self.topic)


class ArticleCountry(ArticleTag):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_countries")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="article_countries")

    class Meta:
        verbose_name = _("story country")
        verbose_name_plural = _("story countries")
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="article_country_unique")
        ]
        indexes = [
            models.Index(fields=["country", "decision"], name="article_country_lookup_idx"),
            # A story's visible tags, read from the index alone when lists join and count them.
            models.Index(
                fields=["article", "country"],
                condition=Q(decision__in=VISIBLE_DECISIONS),
                name="article_country_visible_idx",
            ),
        ]

    def __str__(self):
        return str(self.country)


class ArticleActor(ArticleTag):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_actors")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="article_actors")
    mention_count = models.PositiveIntegerField(_("mentions"), default=0)
    mentions = models.JSONField(
        _("mention offsets"), default=list, blank=True, help_text=_("[part, start, end] triples")
    )

    class Meta:
        verbose_name = _("story actor")
        verbose_name_plural = _("story actors")
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="article_actor_unique")
        ]
        indexes = [
            models.Index(fields=["actor", "decision"], name="article_actor_lookup_idx"),
            # A story's visible tags, read from the index alone when lists join and count them.
            models.Index(
                fields=["article", "actor"],
                condition=Q(decision__in=VISIBLE_DECISIONS),
                name="article_actor_visible_idx",
            ),
        ]

    def __str__(self):
        return str(self.actor)


class Quote(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="quotes"
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    speaker = models.CharField(_("speaker as written"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.SUGGESTED
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return self.text[:80]


class ImportRun(models.Model):
    """One import: who started it, when, from where, and how it went."""

    class Origin(models.TextChoices):
        ADMIN = "admin", _("admin")
        COMMAND = "command", _("command")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.ADMIN)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"


class ImportFile(models.Model):
    """A file received by an import, kept byte for byte, with what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        CREATED = "created", _("created")
        DUPLICATE = "duplicate", _("already present")
        PARTIAL = "partial", _("partly imported")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(
        ImportRun, verbose_name=_("import run"), on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("file name"), max_length=500)
    content = models.BinaryField(_("original bytes"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.PENDING
    )
    report = models.JSONField(_("report"), default=list, blank=True)

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    def __str__(self):
        return self.name
