"""Values every page template needs."""

from .listing import ListCache
from .models import Topic


def navigation(request):
    """Return the topic menu shown on every page, from the list cache for readers."""
    parts = ListCache(enabled=not request.user.is_authenticated)
    return {
        "menu_topics": parts.get_or_build(
            "menu", "topics", lambda: list(Topic.objects.only("slug", "name_fr", "name_en"))
        )
    }
