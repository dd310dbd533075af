"""Values every page template needs."""

from django.utils.functional import SimpleLazyObject

from .models import Topic


def navigation(request):
    """Return the topic menu shown on every page and the item of it the page is: "latest", a
    topic's slug, or "". The menu is read only when its cached part is missing."""
    match = request.resolver_match
    if match is None:
        current = ""
    elif match.view_name == "articles:list" and not request.GET:
        current = "latest"
    elif match.view_name == "articles:topic":
        current = match.kwargs["slug"]
    else:
        current = ""
    return {
        "menu_topics": SimpleLazyObject(
            lambda: list(Topic.objects.only("slug", "name_fr", "name_en"))
        ),
        "menu_current": current,
    }
