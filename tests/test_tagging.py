from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse

from articles import services
from articles.analysis.types import (
    ActorSuggestion,
    Analysis,
    CountrySuggestion,
    QuoteSuggestion,
    Toll,
    TopicSuggestion,
)
from articles.models import (
    Actor,
    ArticleActor,
    ArticleCountry,
    ArticleTopic,
    CandidateActor,
    CandidateStatus,
    Decision,
)

from .factories import ActorFactory, ArticleFactory

TEXT = """Trêve négociée à Genève
Monde

Agence Exemple - Vladimir Poutine et Volodymyr Zelensky ont accepté jeudi une trêve de trois jours.

Frappes sur Kharkiv

Une frappe de missiles russes a tué quatre personnes et en a blessé douze autres
à Kharkiv, a indiqué le gouverneur Oleh Synehoubov.

« Nous voulons une paix durable », a déclaré Zelensky devant la presse.
"""


def analysis(**kwargs) -> Analysis:
    return Analysis(**kwargs)


class TagArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory()
        cls.putin = Actor.objects.get(slug="vladimir-putin")

    def test_suggestions_stored_with_evidence(self):
        """An analysis becomes suggested tags with scores, evidence, mentions and the toll."""
        services.tag_article(
            self.article,
            analysis(
                topics=(TopicSuggestion("strikes", 3.5, ("frappe de missiles",)),),
                countries=(CountrySuggestion("UA", 4.0, evidence=("Kharkiv",)),),
                actors=(
                    ActorSuggestion(
                        "Vladimir Putin",
                        "person",
                        key="vladimir-putin",
                        mentions=((1, 0, 16),),
                        evidence="Vladimir Poutine a dit",
                    ),
                ),
                toll=Toll(
                    killed=4,
                    wounded=12,
                    evidence=("a tué quatre personnes",),
                    attributed_to="le gouverneur",
                ),
                quotes=(
                    QuoteSuggestion(
                        "Nous voulons une paix durable", "Vladimir Putin", "vladimir-putin"
                    ),
                ),
            ),
        )
        topic = ArticleTopic.objects.get(article=self.article)
        self.assertEqual((topic.topic.slug, topic.decision), ("strikes", Decision.SUGGESTED))
        self.assertEqual(topic.evidence, ["frappe de missiles"])
        link = ArticleActor.objects.get(article=self.article)
        self.assertEqual(
            (link.actor, link.mention_count, link.mentions), (self.putin, 1, [[1, 0, 16]])
        )
        self.article.refresh_from_db()
        self.assertEqual((self.article.killed, self.article.wounded), (4, 12))
        self.assertEqual(self.article.toll_attribution, "le gouverneur")
        self.assertEqual(self.article.quotes.get().actor, self.putin)

    def test_reanalysis_keeps_editor_decisions(self):
        """Re-tagging replaces suggestions but never an editor's confirmation or rejection."""
        ArticleTopic.objects.create(
            article=self.article, topic_id=self.topic_id("strikes"), decision=Decision.REJECTED
        )
        ArticleCountry.objects.create(
            article=self.article, country_id=self.country_id("FR"), decision=Decision.CONFIRMED
        )
        ArticleCountry.objects.create(
            article=self.article, country_id=self.country_id("DE"), decision=Decision.SUGGESTED
        )
        services.tag_article(
            self.article,
            analysis(
                topics=(TopicSuggestion("strikes", 9.0),),
                countries=(CountrySuggestion("UA", 3.0),),
            ),
        )
        self.assertEqual(ArticleTopic.objects.get(article=self.article).decision, Decision.REJECTED)
        self.assertEqual(
            dict(
                ArticleCountry.objects.filter(article=self.article).values_list(
                    "country__code", "decision"
                )
            ),
            {"FR": Decision.CONFIRMED, "UA": Decision.SUGGESTED},
        )

    def test_confirmed_toll_kept(self):
        """A toll an editor confirmed is not overwritten by a new analysis."""
        self.article.killed, self.article.is_toll_confirmed = 9, True
        self.article.save()
        services.tag_article(self.article, analysis(toll=Toll(killed=3)))
        self.article.refresh_from_db()
        self.assertEqual(self.article.killed, 9)

    def test_unknown_names_become_candidates_until_rejected(self):
        """An unknown name is a candidate; once rejected it is never suggested again."""
        unknown = ActorSuggestion("Oleh Synehoubov", "person")
        services.tag_article(self.article, analysis(actors=(unknown,)))
        candidate = CandidateActor.objects.get()
        self.assertEqual((candidate.name, candidate.seen_count), ("Oleh Synehoubov", 1))
        services.reject_candidate(candidate)
        self.assertIn(candidate.key, services.build_vocabulary().rejected_names)

    def test_rejected_candidate_not_found_again(self):
        """After an editor rejects a name, analysing a story that names it suggests nothing."""
        story = ArticleFactory(
            title="Frappe sur Kharkiv",
            lede="Le gouverneur Petro Danylouk a déclaré que quatre personnes avaient été tuées.",
            body="",
        )
        services.analyse_article(story)
        candidate = CandidateActor.objects.get(name="Petro Danylouk")
        services.reject_candidate(candidate)
        analysis = services.analyse_article(story)
        self.assertNotIn("Petro Danylouk", [actor.name for actor in analysis.actors])

    def test_accepting_a_candidate_tags_its_stories(self):
        """Accepting a candidate creates the actor and links the stories it was seen in."""
        services.tag_article(
            self.article, analysis(actors=(ActorSuggestion("Oleh Synehoubov", "person"),))
        )
        actor = services.accept_candidate(CandidateActor.objects.get())
        self.assertTrue(actor.is_confirmed)
        self.assertTrue(ArticleActor.objects.filter(article=self.article, actor=actor).exists())
        self.assertEqual(CandidateActor.objects.get().status, CandidateStatus.ACCEPTED)

    def topic_id(self, slug):
        from articles.models import Topic

        return Topic.objects.get(slug=slug).pk

    def country_id(self, code):
        from articles.models import Country

        return Country.objects.get(code=code).pk


class MergeActorsTests(TestCase):
    def test_merge_moves_links_names_and_redirects(self):
        """Merging moves stories and quotes, keeps the old names as aliases, and redirects."""
        target = ActorFactory(name="Volodymyr Zelensky Test", slug="zelensky-test")
        duplicate = ActorFactory(name="V. Zelenski", slug="v-zelenski")
        both = ArticleFactory()
        ArticleActor.objects.create(article=both, actor=target, mention_count=2)
        ArticleActor.objects.create(article=both, actor=duplicate, mention_count=1)
        only = ArticleFactory()
        ArticleActor.objects.create(article=only, actor=duplicate, mention_count=3)
        services.merge_actors(duplicate, target)
        self.assertEqual(ArticleActor.objects.get(article=both).mention_count, 3)
        self.assertEqual(ArticleActor.objects.get(article=only).actor, target)
        self.assertIn("V. Zelenski", target.aliases.values_list("name", flat=True))
        response = self.client.get(duplicate.get_absolute_url())
        self.assertRedirects(response, target.get_absolute_url(), status_code=301)


class ReviewInAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("ed", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.editor)

    def test_import_suggests_tags_shown_in_preview_and_article(self):
        """An imported story gets suggested tags, shown in the preview and on its admin page."""
        response = self.client.post(
            reverse("admin:articles_article_import"),
            {"text": TEXT, "status": "published", "section": ""},
            follow=True,
        )
        self.assertContains(response, "Vladimir Putin")
        run = response.context["run"]
        self.client.post(
            reverse("admin:articles_article_import_preview", args=[run.pk]), {"confirm": "1"}
        )
        article = run.files.get().articles.get()
        slugs = set(article.article_topics.values_list("topic__slug", flat=True))
        self.assertIn("strikes", slugs)
        self.assertIn("UA", set(article.article_countries.values_list("country__code", flat=True)))
        self.assertEqual((article.killed, article.wounded), (4, 12))
        page = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(page, "Volodymyr Zelensky")

    def test_bulk_confirm_and_reanalyse(self):
        """Editors confirm all suggestions of stories at once, and re-analysis keeps them."""
        article = ArticleFactory(
            title="Frappe sur Kharkiv",
            body="Une frappe de missiles russes a tué quatre personnes à Kharkiv.",
        )
        services.analyse_article(article)
        changelist = reverse("admin:articles_article_changelist")
        self.client.post(
            changelist, {"action": "confirm_suggestions", "_selected_action": [article.pk]}
        )
        self.assertFalse(
            ArticleTopic.objects.filter(article=article, decision=Decision.SUGGESTED).exists()
        )
        confirmed = set(
            ArticleTopic.objects.filter(article=article).values_list("topic__slug", flat=True)
        )
        self.client.post(changelist, {"action": "reanalyse", "_selected_action": [article.pk]})
        self.assertEqual(
            set(
                ArticleTopic.objects.filter(
                    article=article, decision=Decision.CONFIRMED
                ).values_list("topic__slug", flat=True)
            ),
            confirmed,
        )
