"""A small HTML tree built with html.parser, and the plain text and blocks drawn from it.

Scripts, styles and other elements that hold no reading text are dropped while the markup is
read, and only the handful of attributes the importer looks at are kept; text is taken from
text nodes alone, so no markup, script or event handler can reach a parsed field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from articles.importing.text import clean_text
from articles.importing.types import Block, BlockKind

# fmt: off
_VOID = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
])
_DROPPED = frozenset([
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "video", "audio", "picture", "select", "textarea", "button", "frameset", "frame", "applet",
])
_KEPT_ATTRIBUTES = frozenset([
    "property", "name", "content", "href", "rel", "datetime", "itemprop", "lang", "class",
    "id", "type", "charset", "http-equiv", "role",
])
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_OUTSIDE_STORY = frozenset([
    "nav", "aside", "footer", "header", "form", "figure", "figcaption", "menu", "dialog",
])
_BLOCK = HEADINGS | _OUTSIDE_STORY | frozenset([
    "address", "article", "blockquote", "body", "dd", "details", "div", "dl", "dt",
    "fieldset", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "center", "ul", "html",
])
_PARAGRAPH_LIKE = frozenset([
    "p", "li", "dd", "dt", "pre", "td", "th", "caption", "summary", "address",
])
_INLINE = frozenset(["a", "b", "i", "u", "s", "em", "strong", "span", "small", "sub", "sup"])
_BOILERPLATE = frozenset([
    "share", "sharing", "social", "related", "comment", "comments", "newsletter", "promo",
    "advert", "advertisement", "ad", "ads", "cookie", "cookies", "subscribe", "paywall",
    "breadcrumb", "breadcrumbs", "sidebar",
])
# fmt: on
_BOILERPLATE_ROLES = frozenset(["navigation", "complementary", "banner", "contentinfo"])
_TOKEN = re.compile(r"[a-z0-9]+")
_MAX_DEPTH = 200
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TAG_NAMES = "|".join(sorted(_VOID | _DROPPED | _BLOCK | _INLINE))
_UNCLOSED_OPENING = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:[\s/>]|$)|<!--", re.IGNORECASE)


@dataclass(eq=False)
class Element:
    """One HTML element: its tag, the attributes the importer reads, and its children."""

    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)


@dataclass
class Tree:
    """A parsed document, and the JSON-LD scripts it carried (read for metadata only)."""

    root: Element
    json_ld: list[str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tree = Tree(Element("#document", {}))
        self.stack = [self.tree.root]
        self.dropping: str | None = None
        self.dropped_depth = 0
        self.json_ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping is not None:
            self.dropped_depth += tag == self.dropping
            return
        if tag in _DROPPED:
            self.dropping, self.dropped_depth = tag, 1
            kind = next((value or "" for name, value in attrs if name == "type"), "")
            self.json_ld = [] if tag == "script" and "ld+json" in kind.lower() else None
            return
        # A block closes an open paragraph, as in browsers: "<p>a<p>b" is two paragraphs.
        if tag in _BLOCK and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag == "li":
            self._close_open("li", stop_at=("ul", "ol"))
        parent = self.stack[-1]
        kept = {name: value or "" for name, value in attrs if name in _KEPT_ATTRIBUTES}
        element = Element(tag, kept, parent)
        parent.children.append(element)
        # Past the depth limit elements still give their text, but hang flat.
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping is not None:
            if tag == self.dropping:
                self.dropped_depth -= 1
                if self.dropped_depth == 0:
                    self._end_dropped()
            return
        self._close_open(tag)

    def handle_data(self, data: str) -> None:
        if self.dropping is not None:
            if self.json_ld is not None:
                self.json_ld.append(data)
            return
        self.stack[-1].children.append(data)

    def close(self) -> None:
        super().close()
        if self.dropping is not None:
            self._end_dropped()

    def _end_dropped(self) -> None:
        if self.json_ld is not None:
            self.tree.json_ld.append("".join(self.json_ld))
        self.dropping, self.json_ld = None, None

    def _close_open(self, tag: str, stop_at: tuple[str, ...] = ()) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[index].tag
            if open_tag == tag:
                del self.stack[index:]
                return
            if open_tag in stop_at:
                return


def parse_markup(markup: str) -> Tree:
    """Return the element tree of an HTML document or fragment, however broken."""
    builder = _TreeBuilder()
    builder.feed(_defused(markup))
    builder.close()
    return builder.tree


def _defused(markup: str) -> str:
    # html.parser rescans the rest of the document for every construct left unclosed
    # ("<a<a<a...", "<!--x>" repeated, "<![" sections), which takes quadratic time on a
    # hostile page. Comments carry no text, and a "<" that no ">" closes before the next
    # "<" can start no tag: removing the first and escaping the second keeps every scan
    # short and changes nothing a browser would show.
    markup = _UNCLOSED_OPENING.sub("&lt;", _without_comments(markup))
    return markup.replace("<![", "&lt;![")


def _without_comments(markup: str) -> str:
    pieces: list[str] = []
    position = 0
    while (start := markup.find("<!--", position)) >= 0:
        pieces.append(markup[position:start])
        end = markup.find("-->", start + 4)
        if end < 0:
            # An unclosed comment runs to the end of the document, as in browsers.
            return "".join(pieces)
        position = end + 3
    pieces.append(markup[position:])
    return "".join(pieces)


def iter_elements(root: Element, tag: str | None = None) -> Iterator[Element]:
    """Yield the elements under ``root`` in document order, only those named ``tag`` if given."""
    pending: list[Element | str] = list(reversed(root.children))
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            continue
        if tag is None or node.tag == tag:
            yield node
        pending.extend(reversed(node.children))


def element_text(element: Element) -> str:
    """Return the raw text of ``element``: line breaks for <br>, blank lines between blocks."""
    parts: list[str] = []
    _collect_text(element, parts)
    return "".join(parts)


def _collect_text(element: Element, parts: list[str]) -> None:
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag in _BLOCK:
            parts.append("\n\n")
            _collect_text(child, parts)
            parts.append("\n\n")
        else:
            _collect_text(child, parts)


def markup_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment on one line, without any markup."""
    return clean_text(element_text(parse_markup(markup).root))


def strip_markup(text: str) -> str:
    """Return ``text`` unchanged, or its visible text when it holds HTML tags or comments."""
    if _TAG.search(text) is None:
        return text
    # What still looks like a tag after parsing is a broken one ("<script type=" cut short),
    # which html.parser hands back as text.
    return _TAG.sub(" ", element_text(parse_markup(text).root))


def markup_blocks(markup: str) -> list[Block]:
    """Return the headings and paragraphs of an HTML fragment, such as a feed item's content."""
    return content_blocks(parse_markup(markup).root)


def content_blocks(container: Element) -> list[Block]:
    """Return the sub-headings and paragraphs under ``container``, skipping menus and asides."""
    blocks: list[Block] = []
    _walk(container, blocks)
    return blocks


def is_boilerplate(element: Element) -> bool:
    """Return whether ``element`` is a menu, aside, sharing bar or the like, not story text."""
    if element.tag in _OUTSIDE_STORY:
        return True
    if element.attrs.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    names = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}".lower()
    return not _BOILERPLATE.isdisjoint(_TOKEN.findall(names))


def _walk(element: Element, blocks: list[Block]) -> None:
    inline: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            inline.append(child)
        elif child.tag == "br":
            inline.append("\n")
        elif is_boilerplate(child) or child.tag == "time":
            # A <time> outside any paragraph is the story's date line, read as metadata.
            continue
        elif child.tag not in _BLOCK:
            inline.append(element_text(child))
        else:
            _add_paragraphs(inline, blocks)
            if child.tag in HEADINGS:
                heading = clean_text(element_text(child))
                if heading:
                    blocks.append(Block(BlockKind.HEADING, heading))
            elif child.tag in _PARAGRAPH_LIKE and not _holds_blocks(child):
                _add_paragraphs([element_text(child)], blocks)
            else:
                _walk(child, blocks)
    _add_paragraphs(inline, blocks)


def _holds_blocks(element: Element) -> bool:
    return any(isinstance(child, Element) and child.tag in _BLOCK for child in element.children)


def _add_paragraphs(pieces: list[str], blocks: list[Block]) -> None:
    # Two line breaks in a row (<br><br>) part paragraphs, as they do on screen.
    for part in _PARAGRAPH_BREAK.split("".join(pieces)):
        text = clean_text(part)
        if text:
            blocks.append(Block(BlockKind.PARAGRAPH, text))
    pieces.clear()
