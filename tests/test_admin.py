from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ArticleStatus, ImportFile, ImportRun

from .factories import ActorFactory, ArticleFactory

STORY = """Les pourparlers reprennent à Genève
Monde

Agence Test - Les délégations se retrouvent mardi pour une nouvelle série de discussions.

Le contexte

Les médiateurs espèrent un accord sur un échange de prisonniers avant la fin du mois.
"""


def editor() -> User:
    user = User.objects.create_user("editrice", password="secret-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class EditorAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = editor()
        cls.article = ArticleFactory()
        cls.actor = ActorFactory()

    def setUp(self):
        self.client.force_login(self.user)

    def test_editor_sees_every_list(self):
        """An editor opens the lists and forms of stories, actors, topics and imports."""
        for name in (
            "articles_article_changelist",
            "articles_actor_changelist",
            "articles_topic_changelist",
            "articles_section_changelist",
            "articles_country_changelist",
            "articles_candidateactor_changelist",
            "articles_importrun_changelist",
            "articles_article_add",
            "articles_actor_add",
        ):
            self.assertEqual(self.client.get(reverse(f"admin:{name}")).status_code, 200, name)
        response = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(response, self.article.title)

    def test_editor_cannot_manage_users(self):
        """Editors do not manage accounts."""
        self.assertEqual(self.client.get(reverse("admin:auth_user_changelist")).status_code, 403)

    def test_autocomplete_for_actors(self):
        """The article form's actor autocomplete answers."""
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": self.actor.name[:6],
                "app_label": "articles",
                "model_name": "articleactor",
                "field_name": "actor",
            },
        )
        self.assertContains(response, self.actor.name)

    def test_import_link_on_story_list(self):
        """The story list offers the import page to editors."""
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, reverse("admin:articles_article_import"))


class ImportAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = editor()

    def setUp(self):
        self.client.force_login(self.user)

    def upload(self, *files, text=""):
        return self.client.post(
            reverse("admin:articles_article_import"),
            {"files": list(files), "text": text, "status": ArticleStatus.DRAFT, "section": ""},
            follow=True,
        )

    def confirm(self, response):
        run = response.context["run"]
        return self.client.post(
            reverse("admin:articles_article_import_preview", args=[run.pk]),
            {"confirm": "1"},
            follow=True,
        )

    def test_pasted_story_previewed_then_saved(self):
        """A pasted story is previewed, saved only on confirmation, as a draft."""
        response = self.upload(text=STORY)
        self.assertContains(response, "Les pourparlers reprennent à Genève")
        self.assertEqual(Article.objects.count(), 0)
        response = self.confirm(response)
        article = Article.objects.get()
        self.assertEqual(article.status, ArticleStatus.DRAFT)
        self.assertEqual(article.section.name, "Monde")
        self.assertEqual(article.source, "Agence Test")
        self.assertIn(("heading", "Le contexte"), article.blocks)
        self.assertEqual(article.original_text.strip(), STORY.strip())

    def test_batch_with_a_bad_file(self):
        """A corrupt file is reported by name while the others import; originals are kept."""
        good = SimpleUploadedFile("bonne.txt", STORY.encode("cp1252", errors="replace"))
        bad = SimpleUploadedFile("corrompu.txt", bytes(range(256)) * 8)
        response = self.confirm(self.upload(good, bad))
        self.assertEqual(Article.objects.count(), 1)
        run = ImportRun.objects.get()
        self.assertEqual((run.created_count, run.failed_count), (1, 1))
        outcomes = dict(run.files.values_list("name", "outcome"))
        self.assertEqual(outcomes["corrompu.txt"], ImportFile.Outcome.FAILED)
        self.assertEqual(bytes(run.files.get(name="corrompu.txt").content), bytes(range(256)) * 8)
        self.assertContains(response, "corrompu.txt")

    def test_same_story_twice_is_a_duplicate(self):
        """Importing the same story again creates nothing and links the existing story."""
        self.confirm(self.upload(text=STORY))
        response = self.upload(text=STORY.replace("\n", "\r\n"))
        existing = Article.objects.get()
        [row] = response.context["page"]
        self.assertEqual(
            row["duplicate_of"], reverse("admin:articles_article_change", args=[existing.pk])
        )
        self.assertContains(response, row["duplicate_of"])
        self.confirm(response)
        self.assertEqual(Article.objects.count(), 1)

    def test_empty_form_is_an_error(self):
        """Sending nothing shows an error on the form."""
        response = self.upload()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_import_needs_permission(self):
        """Staff without the import permission cannot import."""
        other = User.objects.create_user("lecteur", password="x", is_staff=True)
        self.client.force_login(other)
        self.assertEqual(self.client.get(reverse("admin:articles_article_import")).status_code, 403)
