"""Search: full text on PostgreSQL, accent-insensitive matching on SQLite.

On PostgreSQL, ``Article.search_vector`` is a stored generated column (``StoryDocument``): the
database computes it from the title (weight A), lede (B) and body (C) with two text search
configurations, French and English stemming both after ``unaccent``, that migration 0004
creates with the column's GIN index. On SQLite the column stays NULL and ``matching()`` compares
accent-folded text instead.
"""

import re
import unicodedata

from django.contrib.postgres.search import (
    SearchConfig,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramStrictWordSimilarity,
)
from django.db import connections
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Concat, Lower
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
FRENCH = "newsreader_french"
ENGLISH = "newsreader_english"
# Private-use characters never met in news text: ts_headline marks matches with them, and the
# text is escaped before they become <mark> tags.
START, STOP = "\ue000", "\ue001"
ACTOR_SIMILARITY = 0.5
MAX_SIMILAR_ACTORS = 5
MAX_ACTOR_WORDS = 4
WEBSEARCH_OPERATORS = re.compile(r'["()]|(^|\s)[-!]|\bOR\b')


def fold(text: str) -> str:
    """Return text lower-cased and without accents."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def clean_query(text: str) -> str:
    """Return what a reader typed, capped and without control characters or lone surrogates."""
    printable = "".join(
        ch if ch.isprintable() else " " for ch in (text or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def has_full_text(alias: str = "default") -> bool:
    """Return whether the database behind this alias has the full-text index."""
    return connections[alias].vendor == "postgresql"


class Unaccent(Func):
    """unaccent(): PostgreSQL's extension function, or the same name registered on SQLite."""

    function = "UNACCENT"
    output_field = TextField()


class StoryDocument(Func):
    """The weighted, accent-folded search vector of a story, in both stemmings; NULL on SQLite."""

    template = "%(expressions)s"
    arg_joiner = " || "
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(
            *(
                SearchVector(column, config=config, weight=weight)
                for column, weight in (("title", "A"), ("lede", "B"), ("body", "C"))
                for config in (FRENCH, ENGLISH)
            )
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def story_query(text: str) -> SearchQuery:
    """Return the websearch query in both stemmings; a story matches if either does."""
    return SearchQuery(text, config=FRENCH, search_type="websearch") | SearchQuery(
        text, config=ENGLISH, search_type="websearch"
    )


def story_rank(text: str) -> SearchRank:
    """Return the relevance of a story: title words weigh more than the lede, then the body."""
    return SearchRank(F("search_vector"), story_query(text))


def query_words(text: str) -> tuple[list[str], list[str]]:
    """Return the folded words a query asks for and those it excludes ("-word")."""
    wanted, excluded = [], []
    for token in fold(text).replace('"', " ").replace("(", " ").replace(")", " ").split():
        if token == "or":
            continue
        target = excluded if token.startswith("-") and len(token) > 1 else wanted
        word = token.lstrip("-").strip()
        if word:
            target.append(word)
    return wanted, excluded


def is_name_like(text: str) -> bool:
    """Return whether a query could be someone's name: a few words and no search operators."""
    return 0 < len(text.split()) <= MAX_ACTOR_WORDS and not WEBSEARCH_OPERATORS.search(text)


def similar_actors(text: str, alias: str = "default"):
    """Return the active actors whose name or alias looks like the query, closest first."""
    from .models import Actor, ActorAlias

    text = clean_query(text)
    if not is_name_like(text):
        return Actor.objects.none()
    if not has_full_text(alias):
        folded = fold(text)
        return (
            Actor.objects.active()
            .alias(folded_name=Unaccent(Lower("name")))
            .filter(
                Q(folded_name__contains=folded)
                | Q(pk__in=ActorAlias.objects.filter(name__icontains=text).values("actor_id"))
            )
            .order_by("name")[:MAX_SIMILAR_ACTORS]
        )
    folded = fold(text)

    def similarity(field):
        return TrigramStrictWordSimilarity(Value(folded), Unaccent(Lower(field)))

    by_alias = (
        ActorAlias.objects.annotate(similarity=similarity("name"))
        .filter(similarity__gte=ACTOR_SIMILARITY)
        .values("actor_id")
    )
    return (
        Actor.objects.active()
        .annotate(similarity=similarity("name"))
        .filter(Q(similarity__gte=ACTOR_SIMILARITY) | Q(pk__in=by_alias))
        .order_by("-similarity", "name")[:MAX_SIMILAR_ACTORS]
    )


def headline_expressions(text: str) -> dict:
    """Return the annotations that mark the query's words in a story's title and text."""
    query = story_query(text)
    config = SearchConfig(Case(When(language="en", then=Value(ENGLISH)), default=Value(FRENCH)))
    marks = {"start_sel": START, "stop_sel": STOP}
    return {
        "title_headline": SearchHeadline(
            "title", query, config=config, highlight_all=True, **marks
        ),
        "text_headline": SearchHeadline(
            Concat(F("lede"), Value("\n"), F("body"), output_field=TextField()),
            query,
            config=config,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
            **marks,
        ),
    }


def mark_words(text: str, query: str) -> str:
    """Return text with the query's words, compared without accents or case, between marks."""
    words = sorted(set(query_words(query)[0]), key=len, reverse=True)
    if not words:
        return text
    folded, origin = [], []
    for index, ch in enumerate(text):
        for piece in fold(ch):
            folded.append(piece)
            origin.append(index)
    folded_text = "".join(folded)
    pattern = re.compile("|".join(re.escape(word) for word in words))
    result, last = [], 0
    for match in pattern.finditer(folded_text):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if start < last:
            continue
        result += [text[last:start], START, text[start:end], STOP]
        last = end
    result.append(text[last:])
    return "".join(result)


def excerpt_around_mark(text: str, words: int = 40) -> str:
    """Return about this many words of text, starting shortly before the first mark."""
    tokens = text.split()
    first = next((i for i, token in enumerate(tokens) if START in token), 0)
    start = max(first - 8, 0)
    excerpt = " ".join(tokens[start : start + words])
    prefix = "… " if start else ""
    suffix = " …" if start + words < len(tokens) else ""
    return f"{prefix}{excerpt}{suffix}"


def attach_headlines(articles: list, text: str, alias: str = "default") -> None:
    """Give each story shown its title and an excerpt with the query's words marked."""
    from .models import Article

    if not articles:
        return
    if has_full_text(alias):
        rows = (
            Article.objects.using(alias)
            .filter(pk__in=[article.pk for article in articles])
            .annotate(**headline_expressions(text))
            .values_list("pk", "title_headline", "text_headline")
        )
        marked = {pk: (title, excerpt) for pk, title, excerpt in rows}
    else:
        marked = {
            article.pk: (
                mark_words(article.title, text),
                excerpt_around_mark(mark_words(f"{article.lede}\n{article.body}", text)),
            )
            for article in articles
        }
    for article in articles:
        title, excerpt = marked.get(article.pk, (article.title, ""))
        article.title_html = marked_html(title)
        article.excerpt_html = marked_html(excerpt) if STOP in excerpt else None


def marked_html(text: str) -> SafeString:
    """Return marked text as HTML: everything escaped, the marks as balanced <mark> tags."""
    html, inside = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START and not inside:
            html.append("<mark>")
            inside = True
        elif piece == STOP and inside:
            html.append("</mark>")
            inside = False
        elif piece not in (START, STOP):
            html.append(escape(piece))
    if inside:
        html.append("</mark>")
    # Safe: every piece of text was escaped above; only the <mark> tags are added raw.
    return mark_safe("".join(html))


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite connections an unaccent() function like PostgreSQL's."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, fold, deterministic=True)
