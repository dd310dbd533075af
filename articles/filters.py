"""The filters readers combine on story lists, and the counts that let them narrow a list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import (
    VISIBLE_DECISIONS,
    Actor,
    Article,
    ArticleActor,
    ArticleCountry,
    ArticleTopic,
    Country,
    Language,
    Section,
    Topic,
)
from .search import MAX_QUERY_LENGTH, clean_query

# A list narrowed by more tags than this finds nothing anyway, and each one costs a join.
MAX_VALUES = 4
# Facets count the tags of the latest stories of a selection, at most this many, so that a broad
# selection costs no more than a narrow one; beyond, the counts describe the latest stories.
FACET_WINDOW = 1_000
FACET_SIZE = 30
MULTIPLE = ("topic", "country", "actor")
# Parameters that change what a list holds; a feed or a canonical link keeps only these.
SELECTION_PARAMS = ("q", "topic", "country", "actor", "section", "language")
DATE_PARAMS = ("date_after", "date_before")
# Every parameter a reader's page reads; any other changes nothing on the page.
PAGE_PARAMS = (*SELECTION_PARAMS, *DATE_PARAMS, "sort", "page")


class SortOrder:
    RELEVANCE = "relevance"
    DATE = "date"
    CHOICES = [(RELEVANCE, _("Most relevant first")), (DATE, _("Newest first"))]


class ArticleFilterForm(forms.Form):
    """The filter form, with the order of search results, which filters nothing."""

    sort = forms.ChoiceField(label=_("Order"), choices=SortOrder.CHOICES, required=False)


class TagsField(forms.ModelMultipleChoiceField):
    """Tags given by slug (or ISO code) in the query string, one or several."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *args, is_code=False, **kwargs):
        self.is_code = is_code
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        value = [item.strip() for item in value or [] if isinstance(item, str) and item.strip()]
        if self.is_code:
            value = [item.upper() for item in value]
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _("Choose at most %(count)d."), code="too_many", params={"count": MAX_VALUES}
            )
        return super().clean(value)


class TagsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TagsField


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    # Readers choose tags by following the counts beside the list; each value narrows it.
    topic = TagsFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )
    country = TagsFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_country",
        is_code=True,
    )
    actor = TagsFilter(
        label=_("Actor"),
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method="filter_actor",
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("Any language")
    )
    date_after = django_filters.DateFilter(
        label=_("Published from"),
        method="filter_date_after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_before = django_filters.DateFilter(
        label=_("Published until"),
        method="filter_date_before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Article
        form = ArticleFilterForm
        fields = ["q", "topic", "country", "actor", "section", "language"]

    def filter_queryset(self, queryset):
        # The form's "sort" field orders search results; the view applies it, not a filter.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_topic(self, queryset, name, value):
        for topic in value:
            queryset = queryset.about(topic)
        return queryset

    def filter_country(self, queryset, name, value):
        for country in value:
            queryset = queryset.located_in(country)
        return queryset

    def filter_actor(self, queryset, name, value):
        for actor in value:
            queryset = queryset.mentioning(actor)
        return queryset

    def filter_date_after(self, queryset, name, value):
        return queryset.filter(published_at__gte=start_of(value))

    def filter_date_before(self, queryset, name, value):
        return queryset.filter(published_at__lt=start_of(value + timedelta(days=1)))

    @property
    def search_text(self) -> str:
        """Return the cleaned search words, or "" when there are none or the form is invalid."""
        if not self.is_bound or not self.is_valid():
            return ""
        return clean_query(self.form.cleaned_data.get("q") or "")

    @property
    def sort(self) -> str:
        """Return the order readers asked for: by relevance when they search, unless told."""
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        if chosen:
            return chosen
        return SortOrder.RELEVANCE if self.search_text else SortOrder.DATE


def start_of(day) -> datetime:
    """Return midnight at the start of a day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class FacetValue:
    """One value readers can add to (or remove from) the selection, with its story count."""

    key: str
    label: str
    count: int
    url: str
    is_active: bool
    share: int  # percent of the facet's largest count, for the bar drawn behind it


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]


def toggled(params: QueryDict, name: str, key: str) -> str:
    """Return the query string with a value added to a filter, or removed if it is there."""
    params = params.copy()
    params.pop("page", None)
    current = params.getlist(name)
    same = (lambda value: value.upper() == key.upper()) if name == "country" else key.__eq__
    if any(same(value) for value in current):
        params.setlist(name, [value for value in current if not same(value)])
    elif name in MULTIPLE:
        params.setlist(name, [*current, key])
    else:
        params[name] = key
    query = params.urlencode()
    return f"?{query}" if query else "?"


def is_active(params: QueryDict, name: str, key: str) -> bool:
    values = params.getlist(name)
    if name == "country":
        return key.upper() in {value.upper() for value in values}
    return key in values


# A facet's counted values, as the cache keeps them: (key, French label, English label, count).
FacetRows = dict[str, list[tuple[str, str, str, int]]]


def count_facets(story_ids, *, fixed: dict | None = None) -> FacetRows:
    """Count the topics, countries, actors and sections of these stories, in four queries.

    The caller reads the ids once (the latest FACET_WINDOW of a selection), so that a search
    is not run again for every facet. ``fixed`` names the tag a page is about
    (``{"topic": "strikes"}``): every story has it, so it is left out of its own facet.
    Labels are kept in both languages so that one count serves every reader.
    """
    fixed = fixed or {}
    story_ids = list(story_ids)
    if not story_ids:
        return {}

    def rows(model, name, key, label_fr, label_en):
        counted = model.objects.filter(article_id__in=story_ids, decision__in=VISIBLE_DECISIONS)
        if name in fixed:
            counted = counted.exclude(**{key: fixed[name]})
        counted = (
            counted.values(key, label_fr, label_en)
            .annotate(count=Count("pk"))
            .order_by("-count", key)[:FACET_SIZE]
        )
        return [(row[key], row[label_fr], row[label_en], row["count"]) for row in counted]

    sections = (
        Article.objects.filter(pk__in=story_ids, section__isnull=False)
        .values("section__slug", "section__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "section__name")[:FACET_SIZE]
    )
    return {
        "topic": rows(ArticleTopic, "topic", "topic__slug", "topic__name_fr", "topic__name_en"),
        "country": rows(
            ArticleCountry, "country", "country__code", "country__name_fr", "country__name_en"
        ),
        "actor": rows(ArticleActor, "actor", "actor__slug", "actor__name", "actor__name"),
        "section": [
            (row["section__slug"], row["section__name"], row["section__name"], row["count"])
            for row in sections
        ],
    }


FACET_TITLES = {
    "topic": _("Topics"),
    "country": _("Countries"),
    "actor": _("Actors"),
    "section": _("Sections"),
}


def build_facets(
    counts: FacetRows, params: QueryDict, *, titles: dict | None = None
) -> list[Facet]:
    """Turn counted values into facets for this reader: labels in their language, and links
    that add each value to the selection in ``params`` (or remove it). ``titles`` renames
    facets for a page."""
    titles = titles or {}
    english = (get_language() or "fr").startswith("en")
    facets = []
    for name, title in FACET_TITLES.items():
        entries = counts.get(name)
        if not entries:
            continue
        largest = max(count for *_labels, count in entries)
        values = [
            FacetValue(
                key=key,
                label=label_en if english else label_fr,
                count=count,
                url=toggled(params, name, key),
                is_active=is_active(params, name, key),
                share=round(100 * count / largest),
            )
            for key, label_fr, label_en, count in entries
        ]
        facets.append(Facet(name=name, title=titles.get(name, title), values=values))
    return facets


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, said in words, with the link that lifts it."""

    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class FormReading:
    """What the filter form makes of a list's address, in the interface language: the words
    searched, the order, and the filters in force. Kept with a list's cached parts, so that a
    reader's page is built without validating the form again."""

    search_text: str
    sort: str
    active_filters: tuple[ActiveFilter, ...]

    @classmethod
    def of(cls, filterset: ArticleFilter) -> FormReading:
        return cls(filterset.search_text, filterset.sort, tuple(active_filters(filterset)))


def active_filters(filterset: ArticleFilter) -> list[ActiveFilter]:
    """Return the filters in force, each with the query string that removes it."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    data, params = filterset.form.cleaned_data, filterset.data
    result = []
    for name in MULTIPLE:
        for item in data.get(name) or []:
            key = item.code if name == "country" else item.slug
            result.append(
                ActiveFilter(
                    str(filterset.filters[name].label), str(item), toggled(params, name, key)
                )
            )
    if data.get("section"):
        section = data["section"]
        result.append(
            ActiveFilter(str(_("Section")), section.name, toggled(params, "section", section.slug))
        )
    if data.get("language"):
        result.append(
            ActiveFilter(
                str(_("Language")),
                str(Language(data["language"]).label),
                toggled(params, "language", data["language"]),
            )
        )
    for name in ("date_after", "date_before"):
        if data.get(name):
            result.append(
                ActiveFilter(
                    str(filterset.filters[name].label),
                    data[name].isoformat(),
                    toggled(params, name, params.get(name, "")),
                )
            )
    if filterset.search_text:
        result.append(
            ActiveFilter(
                str(_("Words")), filterset.search_text, toggled(params, "q", params.get("q", ""))
            )
        )
    return result
