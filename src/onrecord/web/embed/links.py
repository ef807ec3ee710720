"""Addresses and copy-paste snippets for embedding a verdict or a speaker elsewhere.

Public pages (``/verdicts/<id>``, ``/people/<slug>``) and the desk show these in the
"copy embed code" box and in the oEmbed discovery ``<link>``; the oEmbed endpoint
answers with :attr:`EmbedInfo.iframe_html`. Both templates get them through the
Jinja globals ``embed_for_review`` and ``embed_for_speaker``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from flask import current_app, request, url_for
from markupsafe import escape

from onrecord.config import Settings

#: The size an iframe starts with before the widget reports its height.
REVIEW_SIZE = (560, 320)
SPEAKER_SIZE = (560, 480)

#: Public paths (owned by the ``public`` blueprint) that a widget stands for.
REVIEW_PATH = re.compile(r"/verdicts/(?P<key>[1-9][0-9]{0,17})/?")
SPEAKER_PATH = re.compile(r"/people/(?P<key>[a-z0-9][a-z0-9-]{0,199})/?")


@dataclass(frozen=True, slots=True)
class EmbedInfo:
    """Everything needed to embed one verdict or speaker, with absolute URLs."""

    kind: str  # "review" or "speaker"
    page_url: str  # the full public page the widget links back to
    widget_url: str  # the /embed/... page shown in the iframe
    oembed_url: str  # our oEmbed answer for page_url
    script_url: str  # /embed.js
    title: str
    width: int
    height: int

    @property
    def iframe_html(self) -> str:
        """A plain iframe: works without any script (the height then stays fixed)."""
        return (
            f'<iframe class="onrecord-embed" src="{escape(self.widget_url)}" '
            f'title="{escape(self.title)}" width="{self.width}" height="{self.height}" '
            'loading="lazy" style="border:0;max-width:100%"></iframe>'
        )

    @property
    def script_html(self) -> str:
        """A link that ``embed.js`` turns into a self-sizing iframe (the link stays without it)."""
        css_class = "onrecord-verdict" if self.kind == "review" else "onrecord-speaker"
        return (
            f'<a class="{css_class}" href="{escape(self.page_url)}">{escape(self.title)}</a>\n'
            f'<script async src="{escape(self.script_url)}"></script>'
        )


def site_root() -> str:
    """The public site's address without a trailing slash.

    ``ONRECORD_PUBLIC_BASE_URL`` when set (so widgets link to the same addresses as
    ClaimReview), else the address this request came to, with the script root.
    """
    settings: Settings = current_app.config["ONRECORD"]
    return (settings.public_base_url or request.url_root).rstrip("/")


def site_url(path: str) -> str:
    """``path`` (below the app's script root) on the public site, as an absolute URL."""
    return site_root() + path


def app_url(endpoint: str, **values: Any) -> str:
    """The absolute public URL of one of our endpoints."""
    return site_url(url_for(endpoint, **values)[len(request.script_root) :])


def review_page_path(review_id: int) -> str:
    """Path of the public verdict page (served by the ``public`` blueprint)."""
    return f"/verdicts/{review_id}"


def speaker_page_path(slug: str) -> str:
    """Path of the public speaker page (served by the ``public`` blueprint)."""
    return f"/people/{quote(slug)}"


def _info(
    kind: str, page_path: str, widget_url: str, title: str, size: tuple[int, int]
) -> EmbedInfo:
    page_url = site_url(page_path)
    oembed = app_url("embed.oembed") + "?" + urlencode({"url": page_url, "format": "json"})
    return EmbedInfo(
        kind=kind,
        page_url=page_url,
        widget_url=widget_url,
        oembed_url=oembed,
        script_url=app_url("embed.script"),
        title=title,
        width=size[0],
        height=size[1],
    )


def embed_for_review(review_id: int, title: str = "") -> EmbedInfo:
    """Embedding details of a published verdict (``title`` names it for screen readers)."""
    widget = app_url("embed.review", review_id=review_id)
    label = title or f"Fact-check {review_id}"
    return _info("review", review_page_path(review_id), widget, label, REVIEW_SIZE)


def embed_for_speaker(slug: str, title: str = "") -> EmbedInfo:
    """Embedding details of a speaker's record."""
    widget = app_url("embed.speaker", slug=slug)
    label = title or f"Fact-checks of {slug}"
    return _info("speaker", speaker_page_path(slug), widget, label, SPEAKER_SIZE)
