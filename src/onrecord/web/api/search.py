"""``GET /search``: the desk search (words with typos, same filters) over public statements.

Ranking is the desk's own (:mod:`onrecord.web.desk.search_query`) restricted to
statements with a public verdict; pages are keyset on (score, id), so a page
does not shift when statements are published meanwhile.
"""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from onrecord.web.api.errors import ApiError
from onrecord.web.api.pagination import decode_cursor, encode_cursor, next_link
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import SearchQueryIn, SearchResults
from onrecord.web.api.statements import public_statements
from onrecord.web.desk.queue_query import QueueFilters
from onrecord.web.desk.search_query import rank_statements
from onrecord.web.extensions import db_session


@operation(
    "/search",
    summary="Search statements with public verdicts",
    tag="search",
    query=SearchQueryIn,
    response=SearchResults,
    errors=(422,),
)
def search(query: SearchQueryIn) -> ResponseReturnValue:
    """Words (any order; typos and word beginnings work) and filters, best match first.

    Without words, every statement matching the filters is listed (score 0), newest first.
    At most 1,000 results are ranked.
    """
    if query.said_from and query.said_until and query.said_until < query.said_from:
        message = "The end date is before the start date."
        raise ApiError(422, message, details={"said_until": [message]})
    filters = QueueFilters(
        status="",
        speaker=query.speaker,
        outlet=query.outlet,
        said_from=query.said_from,
        said_until=query.said_until,
        kind=query.kind.value if query.kind else "",
        verdict=query.verdict or "public",
    )
    session = db_session()
    ranked = rank_statements(session, query.q, filters)
    if query.cursor:
        score, last_id = decode_cursor(query.cursor, float, int)
        ranked = [(i, s) for i, s in ranked if (-s, -i) > (-score, -last_id)]
    shown = ranked[: query.limit]
    cursor = encode_cursor(shown[-1][1], shown[-1][0]) if len(ranked) > query.limit else None
    found = public_statements(session, [i for i, _ in shown])
    address, headers = next_link(cursor)
    data = {
        "data": [{"score": s, "statement": found[i]} for i, s in shown if i in found],
        "next": address,
        "next_cursor": cursor,
    }
    return respond(SearchResults, data, headers=headers)
