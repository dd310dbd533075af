"""What a story list holds, worked out once per selection and kept in the cache.

A list page shows how many stories its selection holds, one page of them as cards, and the
facets that narrow it. The count and the page need the ids of the selection's latest stories;
the facets count the tags of those stories; cards and facets then take most of the rendering.
Each of these parts is cached under the same generation as whole pages (``caching.py``), so any
change to a story or a tag makes them stale at once:

- what the filter form makes of the address (``FormReading``: words, order, filters in force),
  per selection and language, so that the tags named in it are looked up once;
- the ``Selection`` (ids in list order, count, facet counts), per page and filters;
- each story's card, per interface language (never a search result's, whose words are marked);
- fragments of templates marked ``{% cachedpart %}`` (the filters, summary and facets panels of
  a selection, the topic menu, the footer), per language and what they vary on.

Every later page of the same list, and every reader whose page is not in the page cache (another
language, a parameter that changes nothing, a bot), is then built with no query at all, or one
for the stories of the page if their cards are not cached already. Editors always get fresh
parts.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .caching import page_generation
from .filters import FACET_WINDOW, FacetRows, count_facets
from .models import Article
from .search import attach_headlines

# Counting stops here: readers see "more than 1 000 stories" and page through the latest 1 000
# (date filters reach older ones), so that a broad list costs the database no more than a
# narrow one: reading 10 000 ids in date order took ten times as long.
MAX_COUNT = 1_000
# Relevance ranks the latest matches only, so that a broad word costs no more than a rare one.
RANK_WINDOW = 500
CARD_TEMPLATE = "articles/_article_card.html"
MISSING = object()


@dataclass(frozen=True)
class Selection:
    """The stories a list shows, in order, with the number of matches and the facet counts."""

    # Story ids in list order, eight bytes each: at most MAX_COUNT + 1, or RANK_WINDOW if ranked.
    ids: array
    total: int  # stories matching, counted up to MAX_COUNT + 1
    facets: FacetRows

    @property
    def is_total_capped(self) -> bool:
        return self.total > MAX_COUNT


def select(queryset, *, rank_text: str = "", fixed: dict | None = None) -> Selection:
    """Read a selection from the database: its latest ids, their facets, and, when a search is
    ranked, the order of relevance among the latest RANK_WINDOW matches."""
    latest = list(
        queryset.order_by("-published_at", "-id").values_list("pk", flat=True)[: MAX_COUNT + 1]
    )
    ordered = latest
    if rank_text:
        ordered = list(
            Article.objects.filter(pk__in=latest[:RANK_WINDOW])
            .ranked(rank_text)
            .values_list("pk", flat=True)
        )
    return Selection(
        ids=array("q", ordered),
        total=len(latest),
        facets=count_facets(latest[:FACET_WINDOW], fixed=fixed),
    )


def published_stories(ids: Iterable[int]) -> list[Article]:
    """Load stories for their cards, in the order of ``ids``."""
    ids = list(ids)
    stories = Article.objects.published().filter(pk__in=ids).for_listing()
    found = {article.pk: article for article in stories}
    return [found[pk] for pk in ids if pk in found]


def render_cards(ids: Iterable[int], *, search_text: str = "", alias: str = "default") -> dict:
    """Return the HTML card of each published story among ``ids``, by id."""
    stories = published_stories(ids)
    if search_text:
        attach_headlines(stories, search_text, alias)
    template = get_template(CARD_TEMPLATE)
    return {story.pk: template.render({"article": story}) for story in stories}


def request_cache(request) -> ListCache:
    """Return the list cache of a request, made once: the view and the menu share its
    generation, read from the cache once per request."""
    if not hasattr(request, "list_cache"):
        request.list_cache = ListCache(enabled=not request.user.is_authenticated)
    return request.list_cache


class ListCache:
    """The cached parts of the lists one request shows; empty for editors and when
    LIST_CACHE_SECONDS is 0, so that every part is then read afresh."""

    def __init__(self, *, enabled: bool = True):
        self.seconds = settings.LIST_CACHE_SECONDS if enabled else 0
        self.store = caches["lists"]
        self.generation = page_generation() if self.seconds > 0 else 0

    def key(self, kind: str, name: str) -> str:
        digest = hashlib.sha256(name.encode()).hexdigest()
        return f"lists:{self.generation}:{kind}:{digest}"

    def get_or_build(self, kind: str, name: str, build: Callable, *, per_language=False):
        """Return the part named ``name`` from the cache, built and kept on a miss; a part
        holding words of the interface is kept ``per_language``."""
        if self.seconds <= 0:
            return build()
        key = self.key(kind, f"{get_language()}:{name}" if per_language else name)
        value = self.store.get(key, MISSING)
        if value is MISSING:  # a part may be None (a chart with no data): that is kept too
            value = build()
            self.store.set(key, value, self.seconds)
        return value

    def selection(self, name: str, stories: Callable[[], QuerySet], **options) -> Selection:
        """Return the selection of a list, reading ``stories()`` on a miss; ``name`` must say
        everything that decides it (the page and its filters) and nothing else, or the cache
        would only be split."""
        return self.get_or_build("selection", name, lambda: select(stories(), **options))

    def cards(self, ids: Iterable[int], *, search_text: str = "", alias: str = "default"):
        """Return the cards of these stories, in order; a search marks its words in them."""
        ids = list(ids)
        if search_text or self.seconds <= 0:
            built = render_cards(ids, search_text=search_text, alias=alias)
            return [mark_safe(built[pk]) for pk in ids if pk in built]
        language = get_language()
        keys = {pk: self.key("card", f"{language}:{pk}") for pk in ids}
        found = self.store.get_many(list(keys.values()))
        missing = [pk for pk in ids if keys[pk] not in found]
        if missing:
            built = render_cards(missing, alias=alias)
            fresh = {keys[pk]: html for pk, html in built.items()}
            self.store.set_many(fresh, self.seconds)
            found.update(fresh)
        return [mark_safe(found[keys[pk]]) for pk in ids if keys[pk] in found]

    def html(self, kind: str, name: str, build: Callable[[], str]) -> SafeString:
        """Return a rendered fragment, per interface language."""
        return mark_safe(self.get_or_build(kind, name, build, per_language=True))
