"""Template filters and tags for reader pages."""

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..listing import request_cache

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


@register.tag
def cachedpart(parser, token):
    """Keep what the block renders in the request's list cache (``listing.ListCache``), once
    per interface language and per value of the expressions that follow the part's name:

        {% cachedpart "summary" list_key %}...{% endcachedpart %}

    Like Django's ``{% cache %}``, but the part goes stale with every change to the stories,
    and editors always get it fresh. The values must say everything the block shows."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs the name of the part.")
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class CachedPartNode(template.Node):
    def __init__(self, nodelist, expressions):
        self.nodelist = nodelist
        self.kind, *self.varies = expressions

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        name = "\x1f".join(str(vary.resolve(context)) for vary in self.varies)
        return request_cache(request).html(
            str(self.kind.resolve(context)), name, lambda: self.nodelist.render(context)
        )
