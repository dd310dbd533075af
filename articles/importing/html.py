"""Article pages saved from a browser.

Metadata comes from the page head (Open Graph and article meta tags, canonical link, JSON-LD
NewsArticle), then from the visible page: the first <h1>, <time datetime>, rel="author".
The story text is the element marked as the article body, else the <article> with the most
paragraph text, else the element holding the most paragraph text directly; inside it <h2> to
<h6> are sub-headings and paragraphs are paragraphs. Menus, asides, sharing bars and figure
captions are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from articles.importing.markup import (
    Element,
    Tree,
    content_blocks,
    element_text,
    is_boilerplate,
    iter_elements,
    markup_to_text,
    parse_markup,
)
from articles.importing.story import Draft, finish_story
from articles.importing.text import clean_text
from articles.importing.types import ParsedStory, ParseFailure

_TITLE_KEYS = ("og:title", "twitter:title", "dc.title")
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_SOURCE_KEYS = ("og:site_name", "application-name")
_URL_KEYS = ("og:url",)
_SECTION_KEYS = ("article:section", "parsely-section")
_LANGUAGE_KEYS = ("content-language", "og:locale", "language", "dc.language")
# fmt: off
_STORY_TYPES = frozenset([
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "WebPage",
])
# fmt: on
_TITLE_AND_SITE = re.compile(
    r"(?P<head>.*\S)\s+(?:(?P<bar>\|)|[-–—])\s+(?P<tail>[^-–—|]*[^-–—|\s])"
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def declared_charset(data: bytes) -> str | None:
    """Return the encoding an HTML page declares in a meta tag near its top, or None."""
    match = _CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def parse_html(text: str, filename: str, original: str | None = None) -> ParsedStory | ParseFailure:
    """Return the story of an article page; ``original`` is the page as received."""
    tree = parse_markup(text)
    root = tree.root
    meta = _meta_values(root)
    linked = _linked_data(tree)
    container = _story_container(root)
    draft = Draft()

    draft.title = _first(
        *(meta.get(key) for key in _TITLE_KEYS),
        _first_text(container, "h1"),
        _first_text(root, "h1"),
        _text(linked.get("headline")),
        _page_title(root, meta),
    )
    draft.date_text = _first(
        *(meta.get(key) for key in _DATE_KEYS),
        _text(linked.get("datePublished")),
        *(time.attrs.get("datetime") for time in _elements(container, root, "time")),
    )
    draft.author = _first(
        *(meta.get(key) for key in _AUTHOR_KEYS if not _is_address(meta.get(key))),
        _names(linked.get("author")),
        *(_text_of(el) for el in iter_elements(root) if _has_rel(el, "author") and el.children),
    )
    draft.source = _first(
        *(meta.get(key) for key in _SOURCE_KEYS),
        _names(linked.get("publisher")),
    )
    addresses = [
        *(el.attrs.get("href") for el in iter_elements(root, "link") if _has_rel(el, "canonical")),
        *(meta.get(key) for key in _URL_KEYS),
        _text(linked.get("url")),
    ]
    # A relative canonical link ("/world/story") says less than a full address elsewhere.
    draft.source_url = _first(*(a for a in addresses if _is_address(a))) or _first(*addresses)
    draft.section = _first(
        *(meta.get(key) for key in _SECTION_KEYS), _names(linked.get("articleSection"))
    )
    language = _first(
        next((el.attrs.get("lang") for el in iter_elements(root, "html")), None),
        *(meta.get(key) for key in _LANGUAGE_KEYS),
        _text(linked.get("inLanguage")),
    )
    if language:
        draft.set_field("language", language)

    draft.blocks = content_blocks(container)
    if not draft.title:
        return ParseFailure(filename, "no headline found in the page")
    return finish_story(draft, original=text if original is None else original, filename=filename)


def _meta_values(root: Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for element in iter_elements(root, "meta"):
        attrs = element.attrs
        key = (
            attrs.get("property")
            or attrs.get("name")
            or attrs.get("itemprop")
            or attrs.get("http-equiv")
            or ""
        )
        key = key.strip().lower()
        content = markup_to_text(attrs.get("content", ""))
        if key and content and key not in values:
            values[key] = content
    return values


def _linked_data(tree: Tree) -> Mapping[str, object]:
    # JSON-LD often describes the story best; the first object typed as an article wins.
    for script in tree.json_ld:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        for item in _json_objects(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind in _STORY_TYPES for kind in kinds):
                return item
    return {}


def _json_objects(data: object) -> Iterator[Mapping[str, object]]:
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                yield item
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from (item for item in graph if isinstance(item, dict))


def _story_container(root: Element) -> Element:
    for element in iter_elements(root):
        if element.attrs.get("itemprop", "").lower() == "articlebody":
            return element
    articles = list(iter_elements(root, "article"))
    if articles:
        return max(articles, key=_paragraph_chars)
    scores: dict[int, int] = {}
    parents: dict[int, Element] = {}
    for paragraph in _story_paragraphs(root):
        parent = paragraph.parent or root
        scores[id(parent)] = scores.get(id(parent), 0) + len(clean_text(element_text(paragraph)))
        parents[id(parent)] = parent
    if scores:
        return parents[max(scores, key=scores.__getitem__)]
    return next(iter_elements(root, "body"), root)


def _story_paragraphs(root: Element) -> Iterator[Element]:
    pending: list[Element] = [root]
    while pending:
        element = pending.pop()
        for child in element.children:
            if isinstance(child, Element) and not is_boilerplate(child):
                if child.tag == "p":
                    yield child
                else:
                    pending.append(child)


def _paragraph_chars(element: Element) -> int:
    return sum(len(clean_text(element_text(p))) for p in _story_paragraphs(element))


def _page_title(root: Element, meta: Mapping[str, str]) -> str | None:
    title = _first_text(root, "title")
    if not title:
        return None
    # "Headline - Site name": the site name is not part of the headline.
    # Without a known site name only a bar is taken to part them: a dash may be the headline's.
    site = (meta.get("og:site_name") or "").lower()
    match = _TITLE_AND_SITE.fullmatch(title)
    if match is not None and (match["tail"].lower() == site or (not site and match["bar"])):
        return match["head"]
    return title


def _elements(container: Element, root: Element, tag: str) -> Iterator[Element]:
    yield from iter_elements(container, tag)
    yield from iter_elements(root, tag)


def _first_text(root: Element, tag: str) -> str | None:
    element = next(iter_elements(root, tag), None)
    return _text_of(element) if element is not None else None


def _text_of(element: Element) -> str:
    return clean_text(element_text(element))


def _has_rel(element: Element, value: str) -> bool:
    return value in element.attrs.get("rel", "").lower().split()


def _is_address(value: str | None) -> bool:
    return value is not None and value.lower().startswith(("http://", "https://"))


def _text(value: object) -> str | None:
    return markup_to_text(value) if isinstance(value, str) else None


def _names(value: object) -> str | None:
    # schema.org gives people and sections as a string, an object with a name, or a list.
    items = value if isinstance(value, list) else [value]
    names = [_text(item.get("name") if isinstance(item, dict) else item) for item in items]
    return ", ".join(name for name in names if name) or None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None
