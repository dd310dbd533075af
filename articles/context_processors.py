"""Values every page template needs."""

from .models import Topic


def navigation(request):
    """Return the topic menu shown on every page."""
    return {"menu_topics": Topic.objects.only("slug", "name_fr", "name_en")}
