from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from .models import (
    VISIBLE_DECISIONS,
    Actor,
    Article,
    ArticleActor,
    ArticleCountry,
    Country,
    Topic,
)


class ArticleSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Topic.objects.only("slug")


class CountrySitemap(Sitemap):
    """Countries that published stories are about; the others have empty pages."""

    changefreq = "hourly"

    def items(self):
        tagged = ArticleCountry.objects.filter(
            country=OuterRef("pk"),
            decision__in=VISIBLE_DECISIONS,
            article__in=Article.objects.published(),
        )
        return Country.objects.filter(Exists(tagged)).only("code").order_by("code")


class ActorSitemap(Sitemap):
    """Actors mentioned in published stories; merged ones redirect, so they are left out."""

    changefreq = "daily"

    def items(self):
        tagged = ArticleActor.objects.filter(
            actor=OuterRef("pk"),
            decision__in=VISIBLE_DECISIONS,
            article__in=Article.objects.published(),
        )
        return Actor.objects.active().filter(Exists(tagged)).only("slug").order_by("slug")


sitemaps = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "countries": CountrySitemap,
    "actors": ActorSitemap,
}
