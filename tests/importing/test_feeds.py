"""RSS and Atom feeds: one story per item."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.importing import BlockKind, ParsedStory, ParseFailure
from tests.importing.helpers import fail_one, parse_all, texts

RSS = """<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="2.0">
<channel>
  <title>Le Fil International</title>
  <link>https://example.org/</link>
  <language>fr-FR</language>
  <item>
    <title>Frappes de drones sur Kharkiv</title>
    <link>https://example.org/kharkiv</link>
    <pubDate>Sat, 20 Dec 2025 06:30:00 +0100</pubDate>
    <category>Europe</category>
    <author>redaction@example.org (Léa Morel)</author>
    <description>&lt;p&gt;Plusieurs drones ont visé la ville dans la nuit, selon le maire.&lt;/p&gt;
      &lt;h3&gt;Des dégâts&lt;/h3&gt;&lt;p&gt;Un immeuble a été touché.&lt;/p&gt;
      &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src="x" onerror="alert(2)"&gt;</description>
  </item>
  <item>
    <link>https://example.org/sans-titre</link>
    <description>Un article sans titre.</description>
  </item>
  <item>
    <title>Réunion à Bruxelles</title>
    <description>Les ministres se retrouvent jeudi pour parler de défense.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Wire</title>
  <entry>
    <title>Convoy reaches the besieged town</title>
    <link href="https://example.org/convoy"/>
    <updated>2025-12-19T10:00:00Z</updated>
    <author><name>Omar Said</name></author>
    <summary>A convoy arrived.</summary>
    <content type="html">
      &lt;p&gt;A convoy of twenty trucks reached the town on Friday after weeks of talks.&lt;/p&gt;
      &lt;h2&gt;Medical supplies&lt;/h2&gt;&lt;p&gt;Most of the load was medicine.&lt;/p&gt;
    </content>
  </entry>
</feed>
"""


def test_rss_items() -> None:
    """Each RSS item is a story; an item without title is a failure of its own."""
    results = parse_all("fil.rss", RSS.encode("iso-8859-1"))
    assert [type(result) for result in results] == [ParsedStory, ParseFailure, ParsedStory]
    first, failure, third = results
    assert first.title == "Frappes de drones sur Kharkiv"
    assert first.source_url == "https://example.org/kharkiv"
    assert first.source == "Le Fil International"
    assert first.section == "Europe"
    assert first.language == "fr"
    assert first.published_at == datetime(2025, 12, 20, 5, 30, tzinfo=UTC)
    assert first.lede == "Plusieurs drones ont visé la ville dans la nuit, selon le maire."
    assert [(block.kind, block.text) for block in first.blocks] == [
        (BlockKind.HEADING, "Des dégâts"),
        (BlockKind.PARAGRAPH, "Un immeuble a été touché."),
    ]
    for field in texts(first):
        assert "alert" not in field
        assert "onerror" not in field
    assert failure.reason == "item 2: missing title"
    assert third.title == "Réunion à Bruxelles"
    assert third.published_at is None


def test_atom_entry() -> None:
    """An Atom entry's full content is preferred to its summary."""
    (story,) = parse_all("wire.atom", ATOM)
    assert isinstance(story, ParsedStory)
    assert story.title == "Convoy reaches the besieged town"
    assert story.author == "Omar Said"
    assert story.source == "Harbour Wire"
    assert story.published_at == datetime(2025, 12, 19, 10, 0, tzinfo=UTC)
    assert story.lede.startswith("A convoy of twenty trucks")
    assert [block.text for block in story.blocks] == [
        "Medical supplies",
        "Most of the load was medicine.",
    ]
    assert story.language == "en"


def test_feed_sniffed_without_extension() -> None:
    """A feed saved without a name extension is recognised by its content."""
    results = parse_all("download", ATOM)
    assert [result.title for result in results] == ["Convoy reaches the besieged town"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<rss><channel><title>Cut short", "malformed feed"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "feed has no items"),
        (b"<?xml version='1.0'?><inventory><item>3</item></inventory>", "not an RSS or Atom feed"),
    ],
)
def test_feed_failures(data: bytes, reason: str) -> None:
    """A broken feed, or one without items, is a failure."""
    failure = fail_one("news.xml", data)
    assert failure.reason.startswith(reason)


def test_feed_never_reads_local_files(tmp_path) -> None:
    """Feed bytes that name an existing feed file are content, never a file to open."""
    local = tmp_path / "local.xml"
    local.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        "<item><title>Read from the disk</title><description>Secret.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    failure = fail_one("path.xml", str(local).encode())
    assert failure.reason.startswith("malformed feed")
