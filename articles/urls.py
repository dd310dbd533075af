from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("countries/<str:code>/", views.CountryView.as_view(), name="country"),
    path("actors/<slug:slug>/", views.ActorView.as_view(), name="actor"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("language/<str:code>/", views.switch_language, name="language"),
    path("feeds/latest/", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/latest/atom/", feeds.LatestAtomFeed(), name="feed-latest-atom"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="feed-topic"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="feed-topic-atom"),
    path("feeds/countries/<str:code>/", feeds.CountryFeed(), name="feed-country"),
    path("feeds/countries/<str:code>/atom/", feeds.CountryAtomFeed(), name="feed-country-atom"),
    path("feeds/actors/<slug:slug>/", feeds.ActorFeed(), name="feed-actor"),
    path("feeds/actors/<slug:slug>/atom/", feeds.ActorAtomFeed(), name="feed-actor-atom"),
]
