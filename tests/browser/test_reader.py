"""What a reader does with the site, in a real browser."""

import re
from urllib.parse import urlparse

import feedparser
import pytest

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/istanbul-pourparlers-directs-russie-ukraine-echange-prisonniers/"
MAX_ARTICLE_BYTES = 300 * 1024
MAX_ARTICLE_REQUESTS = 20


def test_browse_home_topic_article_actor(open_page):
    """From the home page, a reader reaches a topic, a story in it, then an actor of the story."""
    for viewport in (DESKTOP, PHONE):
        page = open_page("/", viewport=viewport)
        assert page.locator("html").get_attribute("lang") == "fr"
        screenshot(page, "home")
        topics = page.get_by_role("navigation", name="Thèmes")
        topics.get_by_role("link", name="Négociations").click()
        page.wait_for_url("**/topics/negotiations/")
        assert page.locator("h1").inner_text() == "Négociations"
        screenshot(page, "topic")
        page.locator(".card h2 a").first.click()
        page.wait_for_url("**/articles/**")
        assert page.locator(".factbox").is_visible()
        assert page.locator(".story-text").get_attribute("lang") in {"fr", "en"}
        screenshot(page, "article")
        actor = page.locator(".factbox .tag-actor").first
        name = actor.inner_text()
        actor.click()
        page.wait_for_url("**/actors/**")
        assert page.locator("h1").inner_text() == name
        screenshot(page, "actor")


def test_story_page_links_its_mentions(open_page):
    """A story links the actors and countries it mentions, and lists related stories."""
    page = open_page(ARTICLE)
    assert page.locator(".story-text a.mention-actor").count() > 0
    assert page.locator(".story-text a.mention-country").count() > 0
    assert page.locator(".related li").count() > 0
    page.locator(".story-text a.mention-country").first.click()
    page.wait_for_url("**/countries/**")
    assert page.locator("h1 .code").count() == 1
    screenshot(page, "country")


def test_filter_by_country_then_actor(open_page):
    """Counts beside the list narrow it by country, then by actor, and each can be lifted."""
    for viewport in (DESKTOP, PHONE):
        page = open_page("/", viewport=viewport)
        total = int(re.search(r"\d+", page.locator(".summary .count").inner_text())[0])
        page.locator("#facet-country + ul a", has_text="Ukraine").click()
        page.wait_for_url(re.compile(r"country=UA"))
        narrowed = int(re.search(r"\d+", page.locator(".summary .count").inner_text())[0])
        assert 0 < narrowed < total
        page.locator("#facet-actor + ul a").first.click()
        page.wait_for_url(re.compile(r"actor="))
        assert page.locator(".active-filters li").count() == 2
        screenshot(page, "filtered")
        for card in page.locator(".card").all():
            assert card.locator(".tag-country", has_text="Ukraine").count() == 1
        page.locator(".active-filters a").first.click()
        page.wait_for_url(re.compile(r"^(?!.*country=)"))
        assert page.locator(".active-filters li").count() == 1


def test_search_finds_accented_words_typed_without_accents(open_page):
    """Typing "negociations" finds the stories about "négociations", with the word marked."""
    for viewport in (DESKTOP, PHONE):
        page = open_page("/", viewport=viewport)
        page.get_by_role("searchbox", name="Chercher un article").fill("negociations")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"q=negociations"))
        assert page.locator(".card").count() > 0
        marked = page.locator(".card mark").all_inner_texts()
        assert any(word.lower().startswith("négociation") for word in marked), marked
        screenshot(page, "search")


def test_switch_language(open_page):
    """The switcher turns the interface to English and back; stories keep their language."""
    page = open_page(ARTICLE, locale="fr-FR")
    assert page.locator(".factbox h2").inner_text().lower() == "dans cet article"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**{ARTICLE}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".factbox h2").inner_text().lower() == "in this story"
    assert page.locator("h1").get_attribute("lang") == "fr"
    screenshot(page, "article-english")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"**{ARTICLE}")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_follow_a_feed(open_page):
    """A topic page announces its feed, and the feed it links to is valid and filled."""
    page = open_page("/topics/strikes/")
    href = page.locator('head link[rel="alternate"][type="application/rss+xml"]').get_attribute(
        "href"
    )
    assert href == "/feeds/topics/strikes/"
    page.get_by_role("link", name="RSS").first.click()
    feed = feedparser.parse(page.request.get(page.url).body())
    assert not feed.bozo
    assert feed.entries
    assert all(entry.get("id") and entry.get("published_parsed") for entry in feed.entries)


def test_works_without_javascript(open_page):
    """Search, filters and the language switch work with JavaScript turned off."""
    page = open_page("/", java_script_enabled=False)
    page.get_by_role("searchbox", name="Chercher un article").fill("Gaza")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"q=Gaza"))
    assert page.locator(".card").count() > 0
    page.locator(".filters summary").click()
    page.get_by_label("Langue", exact=False).and_(page.locator("select")).select_option("en")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile(r"language=en"))
    assert page.locator(".active-filters li").count() == 2


def test_keyboard_reaches_content_with_visible_focus(open_page):
    """The first Tab shows a skip link, which moves focus to the content, and focus is visible."""
    page = open_page("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_article_page_budget(open_page, site):
    """A story page stays under 300 KB and 20 requests, all of them to the site itself."""
    requests, sizes = [], []
    page = open_page(None)
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: sizes.append(len(response.body()) if response.status < 300 else 0),
    )
    page.goto(site + ARTICLE)
    page.wait_for_load_state("networkidle")
    host = urlparse(site).netloc
    assert all(urlparse(url).netloc == host for url in requests), requests
    assert len(requests) < MAX_ARTICLE_REQUESTS, requests
    assert sum(sizes) < MAX_ARTICLE_BYTES, sum(sizes)


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_no_serious_accessibility_violation(open_page, axe_script, locale):
    """axe-core finds no serious or critical violation on the main pages, in both languages."""
    paths = ["/", "/?country=UA&topic=strikes", ARTICLE, "/actors/volodymyr-zelensky/"]
    paths += ["/?q=negociations", "/countries/ua/"]
    found = {}
    for path in paths:
        # The page's own policy forbids inline scripts, which is how axe is injected.
        page = open_page(path, locale=locale, bypass_csp=True)
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        serious = [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])})"
            for violation in violations
            if violation["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert not found, found
