"""CORS: public reads are open to every site; writes and token calls are not.

``Access-Control-Allow-Origin: *`` (never with credentials) goes on the answers
and preflights of the operations that :attr:`Operation.public` marks (GET
without a token requirement). A browser on another site can therefore read
verdicts, but cannot call a write endpoint or send a token from a page.
"""

from __future__ import annotations

from flask import Response, request

from onrecord.web.api.blueprint import bp
from onrecord.web.api.routes import operation_for

#: Headers a page on another site may read from our answers.
EXPOSED = "Link, ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"


@bp.after_request
def add_cors_headers(response: Response) -> Response:
    """Open CORS on public reads (and their OPTIONS preflight) only."""
    op = operation_for(request.endpoint)
    if op is None or not op.public or request.method not in ("GET", "HEAD", "OPTIONS"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
