"""Pages for readers."""

import re
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection, router
from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    Max,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import TruncMonth, TruncWeek
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import charts, listing
from .filters import (
    DATE_PARAMS,
    SELECTION_PARAMS,
    ArticleFilter,
    FormReading,
    SortOrder,
    build_facets,
)
from .listing import MAX_COUNT, RANK_WINDOW
from .models import (
    Actor,
    Article,
    Country,
    Decision,
    Quote,
    Topic,
)
from .search import has_full_text, similar_actors

PAGE_SIZE = 20
MAX_PAGE = MAX_COUNT // PAGE_SIZE
CHART_WEEKS = 26
CHART_MONTHS = 12
QUOTES_SHOWN = 5


def switch_language(request, code):
    """Remember the reader's interface language and go back to the page they were reading.

    A link rather than Django's POST form: pages then carry no CSRF token and no cookie, so
    the page cache can serve them to every reader.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("articles:list")
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def health(request):
    """Answer load balancers after one round trip to the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


class CappedPaginator(Paginator):
    """A paginator that never goes past MAX_PAGE."""

    @cached_property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGE)


def selection_query(params, *, keep_page=False) -> str:
    """Return the query string of the parameters that decide what a list holds."""
    kept = params.copy()
    for name in list(kept.keys()):
        if name not in SELECTION_PARAMS + DATE_PARAMS and not (keep_page and name == "page"):
            del kept[name]
    if kept.get("page") == "1":
        del kept["page"]
    return kept.urlencode()


class ArticleListView(FilterView):
    """Latest published stories, narrowed by any filter in the query string."""

    model = Article
    filterset_class = ArticleFilter
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    feed_name = "articles:feed-latest"

    def get_queryset(self):
        return Article.objects.published()

    def fixed_filter(self) -> dict:
        """Return the tag the page itself is about, which its facets leave out."""
        return {}

    def feed_args(self) -> list:
        return []

    def facet_titles(self) -> dict:
        return {}

    def heading(self) -> str:
        return _("Latest news")

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get("page")
        if page is not None and page != "last":
            try:
                number = int(page)
            except ValueError:
                number = 1
            # A deep page costs the database a long OFFSET; nobody reads that far.
            self.kwargs["page"] = min(max(number, 1), MAX_PAGE)
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            self.kwargs["page"] = 1
            return super().paginate_queryset(queryset, page_size)

    @property
    def list_cache(self) -> listing.ListCache:
        return listing.request_cache(self.request)

    def get(self, request, *args, **kwargs):
        # The filter form and the stories it selects are only worked out when the list's
        # cached parts lack them (see get_context_data).
        return self.render_to_response(self.get_context_data())

    def get_template_names(self):
        return [self.template_name]

    @cached_property
    def filterset(self) -> ArticleFilter:
        return self.get_filterset(self.get_filterset_class())

    @cached_property
    def object_list(self):
        """The stories the filters select: none when the form is invalid."""
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def get_context_data(self, **kwargs):
        params = self.request.GET
        # What decides this list: its filters and their order, never the page or a stray
        # parameter. Facet links keep it, and it names the list's cached parts.
        query = selection_query(params)
        chosen = QueryDict(query, mutable=True)
        if params.get("sort"):
            chosen["sort"] = params["sort"]
        key = f"{self.request.path}?{chosen.urlencode()}"
        # The form's reading of the address, the selection (its latest ids, their number and
        # their facets), the cards and the panels come from the list cache (listing.py): the
        # form is validated and a search runs once, however many places and pages use them.
        # Editors always get them fresh.
        parts = self.list_cache
        reading = parts.get_or_build(
            "form", key, lambda: FormReading.of(self.filterset), per_language=True
        )
        text = reading.search_text
        alias = router.db_for_read(Article)
        full_text = has_full_text(alias)
        is_ranked = bool(text) and reading.sort == SortOrder.RELEVANCE and full_text
        selection = parts.selection(
            key,
            lambda: self.object_list,
            rank_text=text if is_ranked else "",
            fixed=self.fixed_filter(),
        )
        # The paginator pages through the ids; only the page shown is loaded.
        kwargs["object_list"] = selection.ids
        context = super().get_context_data(**kwargs)
        story_ids = list(context["page_obj"].object_list)
        facets = SimpleLazyObject(
            lambda: build_facets(selection.facets, chosen, titles=self.facet_titles())
        )
        total = selection.total
        feed_url = reverse(self.feed_name, args=self.feed_args())
        atom_url = reverse(f"{self.feed_name}-atom", args=self.feed_args())
        suffix = f"?{query}" if query else ""
        canonical_query = selection_query(params, keep_page=True)
        context.update(
            story_ids=story_ids,
            cards=parts.cards(story_ids, search_text=text, alias=alias),
            heading=self.heading(),
            total=total,
            is_total_capped=selection.is_total_capped,
            max_count=listing.MAX_COUNT,
            is_ranked=is_ranked,
            is_rank_windowed=is_ranked and total > RANK_WINDOW,
            rank_window=RANK_WINDOW,
            can_rank=full_text,
            search_text=text,
            similar_actors=list(similar_actors(text, alias)) if text else [],
            facets=facets,
            # The panels and the summary depend only on the selection and the interface
            # language: the templates keep them in the list cache (``{% cachedpart %}``), so
            # the form and the facets are worked out only when one is missing.
            list_key=key,
            filter=SimpleLazyObject(lambda: self.filterset),
            active_filters=reading.active_filters,
            querystring=query + (f"&sort={reading.sort}" if text else ""),
            feed_url=feed_url + suffix,
            atom_url=atom_url + suffix,
            canonical_path=self.request.path + (f"?{canonical_query}" if canonical_query else ""),
        )
        return context


class TopicView(ArticleListView):
    template_name = "articles/topic_detail.html"
    feed_name = "articles:feed-topic"

    def get(self, request, *args, **kwargs):
        self.topic = get_object_or_404(Topic, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().about(self.topic)

    def fixed_filter(self):
        return {"topic": self.topic.slug}

    def feed_args(self):
        return [self.topic.slug]

    def facet_titles(self):
        return {"country": _("Countries most involved"), "actor": _("Actors most involved")}

    def heading(self):
        return self.topic.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class CountryView(ArticleListView):
    template_name = "articles/country_detail.html"
    feed_name = "articles:feed-country"

    def get(self, request, *args, **kwargs):
        self.country = get_object_or_404(Country, code=kwargs["code"].upper())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().located_in(self.country)

    def fixed_filter(self):
        return {"country": self.country.code}

    def feed_args(self):
        return [self.country.code.lower()]

    def facet_titles(self):
        return {"topic": _("Topics breakdown"), "actor": _("Most mentioned actors")}

    def heading(self):
        return self.country.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            country=self.country,
            # Read only when the template's cached part is missing.
            toll_chart=SimpleLazyObject(lambda: toll_chart(self.country)),
            **kwargs,
        )


class ActorView(ArticleListView):
    template_name = "articles/actor_detail.html"
    feed_name = "articles:feed-actor"

    def get(self, request, *args, **kwargs):
        actor = get_object_or_404(
            Actor.objects.select_related("merged_into", "country"), slug=kwargs["slug"]
        )
        if actor.merged_into_id:
            return redirect(actor.merged_into, permanent=True)
        self.actor = actor
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().mentioning(self.actor)

    def fixed_filter(self):
        return {"actor": self.actor.slug}

    def feed_args(self):
        return [self.actor.slug]

    def facet_titles(self):
        return {"actor": _("Often mentioned with")}

    def heading(self):
        return self.actor.name

    def get_context_data(self, **kwargs):
        quotes = (
            Quote.objects.filter(actor=self.actor, article__in=Article.objects.published())
            .exclude(decision=Decision.REJECTED)
            .select_related("article")
            .order_by("-article__published_at", "position")[:QUOTES_SHOWN]
        )
        # Read only when the template's cached parts are missing.
        return super().get_context_data(
            actor=self.actor,
            aliases=SimpleLazyObject(lambda: [alias.name for alias in self.actor.aliases.all()]),
            quotes=SimpleLazyObject(lambda: list(quotes)),
            weekly_chart=SimpleLazyObject(lambda: weekly_chart(self.actor)),
            **kwargs,
        )


def weekly_chart(actor: Actor) -> charts.BarChart | None:
    """Chart the actor's stories per week over the latest weeks they were in the news."""
    stories = Article.objects.published().mentioning(actor)
    # Only the weeks shown are grouped: a much-covered actor costs no more than a rare one.
    latest = stories.order_by("-published_at").values("published_at")[:1]
    rows = list(
        stories.filter(
            published_at__gte=ExpressionWrapper(
                Subquery(latest) - timedelta(weeks=CHART_WEEKS),
                output_field=DateTimeField(),
            )
        )
        .annotate(week=TruncWeek("published_at"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("-week")[:CHART_WEEKS]
    )
    if not rows:
        return None
    counts = {row["week"].date(): row["count"] for row in rows}
    last = max(counts)
    weeks = [last - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    return charts.bar_chart(
        title=_("Stories per week"),
        series=[("stories", _("Stories"))],
        points=[
            charts.Point(
                label=date_format(week, "j M"),
                long_label=_("Week of %(date)s") % {"date": date_format(week, "DATE_FORMAT")},
                values={"stories": counts.get(week, 0)},
            )
            for week in weeks
        ],
    )


def toll_chart(country: Country) -> charts.BarChart | None:
    """Chart the highest death and injury tolls reported each month about a country."""
    rows = list(
        Article.objects.published()
        .located_in(country)
        .filter(Q(killed__isnull=False) | Q(wounded__isnull=False))
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(killed=Max("killed"), wounded=Max("wounded"))
        .order_by("-month")[:CHART_MONTHS]
    )
    if not rows:
        return None
    by_month = {row["month"].date(): row for row in rows}
    month, months = min(by_month), []
    while month <= max(by_month):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    months = months[-CHART_MONTHS:]
    return charts.bar_chart(
        title=_("Highest toll reported each month"),
        series=[("killed", _("Killed")), ("wounded", _("Wounded"))],
        points=[
            charts.Point(
                label=date_format(month, "M Y"),
                long_label=date_format(month, "YEAR_MONTH_FORMAT"),
                values={
                    "killed": (by_month.get(month) or {}).get("killed") or 0,
                    "wounded": (by_month.get(month) or {}).get("wounded") or 0,
                },
            )
            for month in months
        ],
    )


class ArticleDetailView(DetailView):
    """A whole story; editors may preview drafts."""

    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        queryset = Article.objects.for_listing().prefetch_related(
            "visible_actors__actor__aliases",
            Prefetch(
                "quotes",
                queryset=Quote.objects.exclude(decision=Decision.REJECTED).select_related("actor"),
                to_attr="visible_quotes",
            ),
        )
        if self.request.user.is_staff:
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        article = self.object
        spans = mention_spans(article)
        blocks = [
            (kind, text, spans.get(index, []))
            for index, (kind, text) in enumerate(article.blocks, start=2)
        ]
        related = Article.objects.published().related_to(
            article,
            actor_ids=[link.actor_id for link in article.visible_actors],
            topic_ids=[link.topic_id for link in article.visible_topics],
        )
        return super().get_context_data(
            lede_spans=spans.get(1, []),
            blocks=blocks,
            related=list(related),
            **kwargs,
        )


def name_spans(text: str, names, url: str, kind: str) -> list[tuple[int, int, str, str]]:
    """Return where any of the names occurs in the text as a whole word."""
    names = sorted({name for name in names if len(name) > 2}, key=len, reverse=True)
    if not names or not text:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)")
    return [(match.start(), match.end(), url, kind) for match in pattern.finditer(text)]


def mention_spans(article: Article) -> dict[int, list[tuple[int, int, str, str]]]:
    """Return, for each part of the story, where its actors and countries are mentioned.

    Offsets stored by the analysis are used as they are; an actor tagged by hand has none, so
    its names are looked up in the text, as are country names.
    """
    parts = [article.title, article.lede, *(text for _kind, text in article.blocks)]
    spans = defaultdict(list)
    for link in article.visible_actors:
        url = link.actor.get_absolute_url()
        stored = [
            mention
            for mention in link.mentions or []
            if isinstance(mention, list | tuple)
            and len(mention) == 3
            and all(isinstance(value, int) for value in mention)
            and 0 <= mention[0] < len(parts)
            and 0 <= mention[1] < mention[2] <= len(parts[mention[0]])
        ]
        if stored:
            for part, start, end in stored:
                spans[part].append((start, end, url, "actor"))
            continue
        names = [link.actor.name, *(alias.name for alias in link.actor.aliases.all())]
        for index, text in enumerate(parts):
            spans[index] += name_spans(text, names, url, "actor")
    for link in article.visible_countries:
        country = link.country
        names = [country.name_fr, country.name_en]
        for index, text in enumerate(parts):
            spans[index] += name_spans(text, names, country.get_absolute_url(), "country")
    return spans
