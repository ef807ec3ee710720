"""Explanations are written in Markdown and shown as sanitised HTML.

markdown-it-py renders (raw HTML in the source is off), then nh3 keeps only an
allowlist of tags and attributes and only http(s) and mailto links, so an
explanation can never carry script, styles or event handlers into a page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_explanation(source: str) -> str:
    """Markdown ``source`` as safe HTML (links get ``rel="noopener noreferrer nofollow"``)."""
    html = _MARKDOWN.render(source or "")
    cleaned: str = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned
