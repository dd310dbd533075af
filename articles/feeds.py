"""RSS feeds of the latest stories."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Article, Topic

FEED_SIZE = 30


class LatestFeed(Feed):
    title = _("newsreader: latest news")
    description = _("The latest published stories.")

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Article.objects.published().select_related("section")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lede

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class TopicFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("newsreader: %(topic)s") % {"topic": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Article.objects.published().about(obj).select_related("section")[:FEED_SIZE]
