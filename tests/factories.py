"""Factories for database tests."""

import hashlib

import factory
from django.utils import timezone

from articles.models import (
    Actor,
    ActorKind,
    Article,
    ArticleActor,
    ArticleCountry,
    ArticleStatus,
    ArticleTopic,
    Decision,
    Section,
    Topic,
)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_fr = factory.Sequence(lambda n: f"Sujet {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Personne Test {n}")
    slug = factory.Sequence(lambda n: f"personne-test-{n}")
    kind = ActorKind.PERSON


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Des pourparlers reprennent, épisode {n}")
    slug = factory.Sequence(lambda n: f"pourparlers-episode-{n}")
    section = factory.SubFactory(SectionFactory)
    lede = "Les délégations se retrouvent pour une nouvelle journée de discussions."
    body = (
        "## Contexte\n\nLes discussions portent sur un cessez-le-feu.\n\nAucune date n'a été fixée."
    )
    source = "Agence Test"
    language = "fr"
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    original_text = factory.LazyAttribute(lambda o: f"{o.title}\n\n{o.lede}\n\n{o.body}")
    fingerprint = factory.LazyAttribute(lambda o: hashlib.sha256(o.title.encode()).hexdigest())


class ArticleTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleTopic

    article = factory.SubFactory(ArticleFactory)
    topic = factory.SubFactory(TopicFactory)
    decision = Decision.CONFIRMED


class ArticleCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCountry

    article = factory.SubFactory(ArticleFactory)
    decision = Decision.CONFIRMED


class ArticleActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleActor

    article = factory.SubFactory(ArticleFactory)
    actor = factory.SubFactory(ActorFactory)
    decision = Decision.CONFIRMED
    mention_count = 1
