"""Pages for readers."""

from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import ArticleFilter
from .models import Actor, Article, Country, Topic

PAGE_SIZE = 20
MAX_PAGE = 500


def health(request):
    """Answer load balancers after one round trip to the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


class ArticleListView(FilterView):
    """Latest published stories, narrowed by any filter in the query string."""

    model = Article
    filterset_class = ArticleFilter
    paginate_by = PAGE_SIZE
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    heading = ""

    def get_queryset(self):
        return Article.objects.published().for_listing()

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        context["heading"] = self.heading or _("Latest news")
        return context


class TopicView(ArticleListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        self.heading = self.topic.name
        return super().get_queryset().about(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class CountryView(ArticleListView):
    template_name = "articles/country_detail.html"

    def get_queryset(self):
        self.country = get_object_or_404(Country, code=self.kwargs["code"].upper())
        self.heading = self.country.name
        return super().get_queryset().located_in(self.country)

    def get_context_data(self, **kwargs):
        return super().get_context_data(country=self.country, **kwargs)


class ActorView(ArticleListView):
    template_name = "articles/actor_detail.html"

    def get(self, request, *args, **kwargs):
        actor = get_object_or_404(Actor.objects.select_related("merged_into"), slug=kwargs["slug"])
        if actor.merged_into_id:
            return redirect(actor.merged_into, permanent=True)
        self.actor = actor
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.heading = self.actor.name
        return super().get_queryset().mentioning(self.actor)

    def get_context_data(self, **kwargs):
        aliases = [alias.name for alias in self.actor.aliases.all()]
        return super().get_context_data(actor=self.actor, aliases=aliases, **kwargs)


class ArticleDetailView(DetailView):
    """A whole story; editors may preview drafts."""

    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        queryset = Article.objects.for_listing().prefetch_related("quotes__actor")
        if self.request.user.is_staff:
            return queryset
        return queryset.published()
