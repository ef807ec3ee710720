"""Keyset pagination helpers: opaque cursors, the ``next`` address and the ``Link`` header.

Cursors hold the sort key of the last item shown (never an offset), so a page
stays the same while new items are added before it.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flask import request, url_for

from onrecord.web.api.errors import ApiError


def encode_cursor(*key: Any) -> str:
    """An opaque, URL-safe cursor for a sort key."""
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *types: type) -> tuple[Any, ...]:
    """The sort key of a cursor made by :func:`encode_cursor`; 422 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
        if not isinstance(key, list) or len(key) != len(types):
            raise ValueError(cursor)
        values = []
        for value, kind in zip(key, types, strict=True):
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValueError(cursor)
            values.append(value)
        return tuple(values)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_cursor() from None


def bad_cursor(
    message: str = "This cursor is not one of ours; start from the first page.",
) -> ApiError:
    """The 422 answer for a cursor that cannot be read."""
    return ApiError(422, message, details={"cursor": [message]})


def next_link(next_cursor: str | None) -> tuple[str | None, dict[str, str]]:
    """The next page's absolute address (same parameters, new cursor) and its Link header."""
    if not next_cursor:
        return None, {}
    args = {name: value for name, value in request.args.items() if name != "cursor"}
    address = url_for(
        str(request.endpoint),
        **(request.view_args or {}),
        **args,
        cursor=next_cursor,
        _external=True,
    )
    return address, {"Link": f'<{address}>; rel="next"'}
