"""Imported text is shown, never run: hostile stories in a real browser."""

import pytest

from articles import services
from articles.importing import parse_file
from articles.models import Actor, ArticleActor, ArticleStatus, Decision

from ..factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__injected = 'script'</script>",
    "<img src=x onerror=\"window.__injected = 'img'\">",
    "<svg onload=\"window.__injected = 'svg'\"><circle r=5 /></svg>",
    "<a href=\"javascript:window.__injected = 'link'\">lien piégé</a>",
    "<a href=\"data:text/html,<script>parent.__injected = 'data'</script>\">données</a>",
    "<iframe src=\"javascript:parent.__injected = 'frame'\"></iframe>",
]
HOSTILE = "\n\n".join(
    [
        "Frappe piégée " + PAYLOADS[1],
        "Agence Piège - Un paragraphe d'ouverture " + PAYLOADS[0],
        *(f"Un paragraphe qui cite {payload} au milieu du texte." for payload in PAYLOADS),
    ]
)
# What would exist in the page only if a payload had become markup.
INJECTED_MARKUP = """() => [
    ...document.querySelectorAll('img[src="x"], svg[onload], iframe, script:not([src])'),
    ...document.querySelectorAll('[onerror], [onload], a[href^="javascript:"], a[href^="data:"]'),
].length"""


def hostile_stories():
    """Return a hostile story as imported, and one as an editor might type it in the admin."""
    [story] = list(parse_file("piege.txt", HOSTILE.encode()))
    imported = services.import_story(story, status=ArticleStatus.PUBLISHED, analyse=False).article
    typed = ArticleFactory(
        title="Dépêche saisie " + PAYLOADS[0],
        slug="depeche-saisie",
        lede="Un chapeau " + PAYLOADS[1],
        body="\n\n".join(f"## Titre {PAYLOADS[2]}\n\nUn paragraphe {p}." for p in PAYLOADS),
    )
    actor = Actor.objects.create(name="Acteur " + PAYLOADS[1], slug="acteur-piege")
    for article in (imported, typed):
        ArticleActor.objects.create(
            article=article, actor=actor, decision=Decision.CONFIRMED, mentions=[[2, 0, 5]]
        )
    return imported, typed


def test_hostile_story_never_runs_script(open_page):
    """Script, event handlers, javascript: and data: links, SVG: shown as text on every page."""
    imported, typed = hostile_stories()
    for path in (
        "/",
        imported.get_absolute_url(),
        typed.get_absolute_url(),
        "/actors/acteur-piege/",
        "/?q=paragraphe",
        "/?q=piégée",
    ):
        page = open_page(path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__injected") is None, path
        assert page.evaluate(INJECTED_MARKUP) == 0, path
        # The hostile names are there, shown as text.
        assert "onerror=" in page.locator("body").inner_text(), path
    page = open_page(typed.get_absolute_url())
    for link in page.locator("main a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith(("javascript:", "data:")), href
