"""Template filters for reader pages."""

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def number(value):
    """Return a whole number with the thousands grouped the way the reader's language does."""
    return number_format(value, force_grouping=True)


@register.filter
def highlight(text, spans):
    """Return the text escaped, with each mention (start, end, url, kind) as a link.

    Overlapping mentions of the same target merge; of different targets, the first and longer
    one wins, since a link cannot sit inside another.
    """
    merged = []
    for start, end, url, kind in sorted(spans or [], key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            if url == merged[-1][2]:
                merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, url, kind])
    html, position = [], 0
    for start, end, url, kind in merged:
        html.append(conditional_escape(text[position:start]))
        html.append(
            format_html(
                '<a class="mention mention-{}" href="{}">{}</a>', kind, url, text[start:end]
            )
        )
        position = end
    html.append(conditional_escape(text[position:]))
    # Safe: the text between links was escaped, and format_html escaped what is inside them.
    return mark_safe("".join(str(piece) for piece in html))
