"""RSS and Atom feeds of the latest stories: all, or on a topic, country or actor, filtered."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .filters import ArticleFilter, active_filters
from .models import Actor, Article, Country, Topic

FEED_SIZE = 30


@dataclass(frozen=True)
class Selection:
    """What a feed holds: a subject (a topic, country or actor, or none) and the list's filters."""

    subject: Model | None
    filterset: ArticleFilter
    path: str
    query: str

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


class LatestFeed(Feed):
    """The latest published stories, narrowed by the same query string as the lists."""

    feed_type = Rss201rev2Feed
    list_name = "articles:list"
    # Each story's GUID is its absolute address, which never changes.
    item_guid_is_permalink = True

    def get_object(self, request, **kwargs):
        subject = self.get_subject(**kwargs)
        queryset = self.stories(subject)
        filterset = ArticleFilter(request.GET or None, queryset=queryset)
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("sort", None)
        return Selection(subject, filterset, request.path, params.urlencode())

    def get_subject(self, **kwargs):
        return None

    def stories(self, subject):
        return Article.objects.published()

    def subject_name(self, obj: Selection) -> str:
        return _("Latest news")

    def title(self, obj: Selection):
        words = [self.subject_name(obj)]
        words += [f"{active.label}: {active.value}" for active in active_filters(obj.filterset)]
        return "newsreader · " + " · ".join(words)

    def description(self, obj: Selection):
        return _("The latest published stories.")

    def subtitle(self, obj: Selection):
        return self.description(obj)

    def link(self, obj: Selection):
        path = obj.subject.get_absolute_url() if obj.subject else reverse(self.list_name)
        return f"{path}?{obj.query}" if obj.query else path

    def feed_url(self, obj: Selection):
        return obj.url

    def language(self, obj: Selection):
        return get_language()

    def items(self, obj: Selection):
        filterset = obj.filterset
        if filterset.is_bound and not filterset.is_valid():
            return []
        return filterset.qs.order_by("-published_at", "-id").for_listing()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lede

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [
            *(link.topic.name for link in item.visible_topics),
            *(link.country.name for link in item.visible_countries),
            *(link.actor.name for link in item.visible_actors),
            *([item.section.name] if item.section else []),
        ]


class TopicFeed(LatestFeed):
    def get_subject(self, slug):
        return get_object_or_404(Topic, slug=slug)

    def stories(self, subject):
        return super().stories(subject).about(subject)

    def subject_name(self, obj):
        return obj.subject.name

    def description(self, obj):
        return _("The latest stories on %(topic)s.") % {"topic": obj.subject.name}


class CountryFeed(LatestFeed):
    def get_subject(self, code):
        return get_object_or_404(Country, code=code.upper())

    def stories(self, subject):
        return super().stories(subject).located_in(subject)

    def subject_name(self, obj):
        return obj.subject.name

    def description(self, obj):
        return _("The latest stories about %(country)s.") % {"country": obj.subject.name}


class ActorFeed(LatestFeed):
    def get_subject(self, slug):
        actor = get_object_or_404(Actor.objects.select_related("merged_into"), slug=slug)
        # Subscribers to a merged actor keep receiving its stories, under its new name.
        return actor.merged_into or actor

    def stories(self, subject):
        return super().stories(subject).mentioning(subject)

    def subject_name(self, obj):
        return obj.subject.name

    def description(self, obj):
        return _("The latest stories mentioning %(actor)s.") % {"actor": obj.subject.name}


class AtomMixin:
    feed_type = Atom1Feed


class LatestAtomFeed(AtomMixin, LatestFeed):
    pass


class TopicAtomFeed(AtomMixin, TopicFeed):
    pass


class CountryAtomFeed(AtomMixin, CountryFeed):
    pass


class ActorAtomFeed(AtomMixin, ActorFeed):
    pass
