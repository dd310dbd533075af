"""Article pages saved from a browser: metadata, story text, and nothing executable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.importing import BlockKind
from tests.importing.helpers import parse_all, parse_one, texts

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Grain corridor reopens after talks | The Harbour Times</title>
  <meta property="og:title" content="Grain corridor reopens after talks">
  <meta property="og:site_name" content="The Harbour Times">
  <meta property="og:url" content="https://example.org/og-address">
  <meta property="article:published_time" content="2025-11-02T14:30:00+02:00">
  <meta property="article:section" content="Economy">
  <meta name="author" content="Sam Ortiz">
  <link rel="canonical" href="https://example.org/world/grain-corridor">
  <style>.x { color: red }</style>
  <script>window.tracker = "<p>not text</p>";</script>
</head>
<body onload="track()">
  <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <main>
    <article>
      <h1>Grain corridor reopens after talks</h1>
      <p class="byline">By <a rel="author" href="/sam">Sam Ortiz</a></p>
      <p>Cargo ships left the port on Sunday after negotiators agreed to reopen the corridor.</p>
      <figure>
        <img src="ship.jpg" alt="A ship"><figcaption>A cargo ship, file photo.</figcaption>
      </figure>
      <h2>Insurance costs</h2>
      <p>Shipping firms said insurance premiums remained <em>very</em> high.</p>
      <div class="share-tools"><p>Share on social media</p></div>
      <p>Inspections will take place at sea,<br>officials added.</p>
    </article>
    <aside><h2>Most read</h2><p>Another story entirely.</p></aside>
  </main>
  <footer><p>Copyright notice.</p></footer>
</body>
</html>
"""


def test_article_page() -> None:
    """Metadata comes from the head; the text from the article, without menus or asides."""
    story = parse_one("grain.html", PAGE)
    assert story.title == "Grain corridor reopens after talks"
    assert story.source == "The Harbour Times"
    assert story.source_url == "https://example.org/world/grain-corridor"
    assert story.published_at == datetime(2025, 11, 2, 12, 30, tzinfo=UTC)
    assert story.section == "Economy"
    assert story.author == "Sam Ortiz"
    assert story.language == "en"
    assert story.lede == (
        "Cargo ships left the port on Sunday after negotiators agreed to reopen the corridor."
    )
    assert [(block.kind, block.text) for block in story.blocks] == [
        (BlockKind.HEADING, "Insurance costs"),
        (BlockKind.PARAGRAPH, "Shipping firms said insurance premiums remained very high."),
        (BlockKind.PARAGRAPH, "Inspections will take place at sea, officials added."),
    ]
    assert story.original == PAGE


def test_page_without_metadata() -> None:
    """Without an article element or meta tags, the <h1> and the densest text block are used."""
    page = """<html><body>
      <div id="menu"><p>Accueil</p><p>Monde</p></div>
      <div id="content">
        <h1>Le parlement vote le budget de la défense</h1>
        <time datetime="2024-05-14">14 mai</time>
        <p>Les députés ont adopté le texte en première lecture, après deux jours de débats.</p>
        <h3>Une hausse de 7 %</h3>
        <p>Les crédits augmentent pour la troisième année consécutive.</p>
      </div>
    </body></html>"""
    story = parse_one("budget.htm", page)
    assert story.title == "Le parlement vote le budget de la défense"
    assert story.published_at == datetime(2024, 5, 14, tzinfo=UTC)
    assert story.lede.startswith("Les députés ont adopté le texte")
    assert [block.text for block in story.blocks] == [
        "Une hausse de 7 %",
        "Les crédits augmentent pour la troisième année consécutive.",
    ]
    assert story.language == "fr"


def test_title_element_loses_the_site_name() -> None:
    """The <title> is the last resort for the headline, without the site's name after a bar."""
    page = (
        "<html><head><title>Séisme en Turquie | Le Quotidien</title></head>"
        "<body><p>Un séisme a frappé l'est du pays dans la nuit.</p></body></html>"
    )
    story = parse_one("seisme.html", page)
    assert story.title == "Séisme en Turquie"


def test_json_ld_metadata() -> None:
    """JSON-LD NewsArticle data fills what the meta tags leave out."""
    page = """<html><head>
      <script type="application/ld+json">
      {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": "NewsArticle", "headline": "Drone attack on a refinery",
         "datePublished": "2025-06-01T06:00:00Z",
         "author": [{"@type": "Person", "name": "Lee Park"}],
         "publisher": {"@type": "Organization", "name": "Eastern Wire"}}]}
      </script></head>
      <body><article>
        <p>A refinery was hit by drones overnight, the regional governor said.</p>
      </article></body></html>"""
    story = parse_one("refinery.html", page)
    assert story.title == "Drone attack on a refinery"
    assert story.published_at == datetime(2025, 6, 1, 6, 0, tzinfo=UTC)
    assert story.author == "Lee Park"
    assert story.source == "Eastern Wire"


def test_html_sniffed_in_a_text_file() -> None:
    """A page saved with a .txt name is still read as HTML."""
    page = "<!doctype html><html><body><h1>Titre</h1><p>Un paragraphe de texte.</p></body></html>"
    story = parse_one("saved.txt", page)
    assert story.title == "Titre"
    assert story.lede == "Un paragraphe de texte."


def test_page_without_headline() -> None:
    """A page with no headline anywhere is a failure."""
    results = parse_all("empty.html", "<html><body><p>Un texte sans titre.</p></body></html>")
    assert [result.reason for result in results] == ["no headline found in the page"]


MALICIOUS = [
    '<p>Avant <script>alert("x")</script>après.</p>',
    "<p>Avant <img src=x onerror=alert(1)>après.</p>",
    '<p onclick="alert(1)">Avant après.</p>',
    "<style>p { background: url(javascript:alert(1)) }</style><p>Avant après.</p>",
    "<p>Avant <svg onload=alert(1)><script>alert(1)</script></svg>après.</p>",
    "<p>Avant &lt;script&gt;alert(1)&lt;/script&gt;après.</p>",
    '<p>Avant <a href="javascript:alert(1)">après</a>.</p>',
    "<p>Avant <iframe src=javascript:alert(1)></iframe>après.</p>",
    "<p>Avant <!-- <script>alert(1)</script> -->après.</p>",
    "<p>Avant <noscript><img src=x onerror=alert(1)></noscript>après.</p>",
]


@pytest.mark.parametrize("fragment", MALICIOUS)
def test_no_script_survives(fragment: str) -> None:
    """Scripts, styles and event handlers never reach any parsed field."""
    page = (
        "<html><head>"
        '<meta property="og:title" content="Titre &lt;script&gt;alert(1)&lt;/script&gt;">'
        '<meta name="author" content="&lt;img src=x onerror=alert(1)&gt;Ana">'
        f"</head><body><article><h2>Intertitre {fragment}</h2>{fragment}"
        "<p>Suite du texte.</p></article></body></html>"
    )
    story = parse_one("attack.html", page)
    assert story.title == "Titre"
    assert story.author == "Ana"
    assert story.lede.replace("après .", "après.") in ("Avant après.", "Avant après")
    for field in texts(story):
        lowered = field.lower()
        for needle in ("<", "script", "onerror", "onload", "onclick", "alert", "javascript"):
            assert needle not in lowered, field


@pytest.mark.parametrize(
    "markup",
    [
        "<a" * 50_000,
        "</" * 50_000,
        "<!--x>" * 50_000,
        "<![CDATA[x>" * 50_000,
        "<?" * 50_000,
        "<p>" + "<!--" * 50_000,
    ],
)
def test_hostile_markup_is_read_quickly(markup: str) -> None:
    """Unclosed constructs repeated many times are read in one pass, not one per construct."""
    results = parse_all("hostile.html", f"<html><body>{markup}</body></html>")
    assert [result.reason for result in results] == ["no headline found in the page"]
