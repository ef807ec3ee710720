"""Speakers with public verdicts: ``GET /speakers`` and ``GET /speakers/<slug>`` (public)."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from onrecord.pipeline.publish.verdicts import list_public_speakers, load_public_speaker
from onrecord.web.api.errors import ApiError
from onrecord.web.api.pagination import decode_cursor, encode_cursor, next_link
from onrecord.web.api.reviews import verdict_data
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import PageQuery, SpeakerList, SpeakerOut
from onrecord.web.extensions import db_session


@operation(
    "/speakers",
    summary="List speakers with public verdicts",
    tag="speakers",
    query=PageQuery,
    response=SpeakerList,
    errors=(422,),
)
def list_speakers(query: PageQuery) -> ResponseReturnValue:
    """Speakers who have at least one public verdict, by name (then slug)."""
    speakers = list_public_speakers(db_session())
    if query.cursor:
        name, slug = decode_cursor(query.cursor, str, str)
        speakers = [s for s in speakers if (s.name, s.slug) > (name, slug)]
    speakers.sort(key=lambda s: (s.name, s.slug))
    shown = speakers[: query.limit]
    cursor = None
    if len(speakers) > query.limit and shown:
        cursor = encode_cursor(shown[-1].name, shown[-1].slug)
    address, headers = next_link(cursor)
    data = {"data": [s.to_public() for s in shown], "next": address, "next_cursor": cursor}
    return respond(SpeakerList, data, headers=headers)


@operation(
    "/speakers/<slug>",
    summary="One speaker with their public verdicts and reversals",
    tag="speakers",
    response=SpeakerOut,
    errors=(404,),
)
def get_speaker(slug: str) -> ResponseReturnValue:
    """The speaker's public verdicts, confirmed reversals and timeline, newest first."""
    page = load_public_speaker(db_session(), slug)
    if page is None:
        raise ApiError(404, f"There is no speaker {slug!r}.")
    data = {
        **page.speaker.to_public(),
        "verdicts": [verdict_data(verdict) for verdict in page.verdicts],
        "reversals": [reversal.to_public() for reversal in page.reversals],
        "timeline": [entry.to_public() for entry in page.timeline],
    }
    return respond(SpeakerOut, data)
