"""Values every page template needs."""

from .listing import request_cache
from .models import Topic


def navigation(request):
    """Return the topic menu shown on every page, from the list cache for readers."""
    return {
        "menu_topics": request_cache(request).get_or_build(
            "menu", "topics", lambda: list(Topic.objects.only("slug", "name_fr", "name_en"))
        )
    }
