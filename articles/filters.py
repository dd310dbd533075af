"""The filters readers combine on story lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Actor, Article, Country, Language, Section, Topic

MAX_QUERY_LENGTH = 200


class CountryCodeField(forms.ModelChoiceField):
    """A country chosen by its ISO code, in any case."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class CountryCodeFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )
    country = CountryCodeFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_country",
    )
    # Readers pick actors by following links; thousands of names make no usable menu.
    actor = django_filters.ModelChoiceFilter(
        label=_("Actor"),
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method="filter_actor",
        widget=forms.HiddenInput,
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=Section.objects.all(), to_field_name="slug"
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices)
    date = django_filters.DateFromToRangeFilter(
        label=_("Published between"),
        field_name="published_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields = ["q", "topic", "country", "actor", "section", "language", "date"]

    def filter_topic(self, queryset, name, value):
        return queryset.about(value)

    def filter_country(self, queryset, name, value):
        return queryset.located_in(value)

    def filter_actor(self, queryset, name, value):
        return queryset.mentioning(value)

    def filter_search(self, queryset, name, value):
        return queryset.matching(value[:MAX_QUERY_LENGTH])
