from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

READER_MODELS = [
    "Article",
    "ArticleTopic",
    "ArticleCountry",
    "ArticleActor",
    "Quote",
    "Actor",
    "ActorAlias",
    "Topic",
    "Section",
]


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("News stories")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .caching import invalidate_pages
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
        # Any change to what readers see makes every cached page stale.
        for name in READER_MODELS:
            model = self.get_model(name)
            post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"pages-save-{name}")
            post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"pages-del-{name}")
        m2m_changed.connect(invalidate_pages, dispatch_uid="pages-m2m")
