"""The route table: every API operation declared once, with its schemas.

:func:`operation` registers a view on the blueprint *and* records what it
accepts and returns; the OpenAPI document (:mod:`.openapi`) is built from
:data:`OPERATIONS`, so the document cannot drift from the routes (a test
compares it with the app's URL map). The wrapper does the common work in a
fixed order: check the token, parse the query, parse the body, then call the
view with ``query=`` and ``body=`` keyword arguments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ValidationError

from onrecord.models import Role
from onrecord.web.api.auth import require_token, token_owner
from onrecord.web.api.blueprint import bp
from onrecord.web.api.errors import ApiError, validation_details


@dataclass(frozen=True, slots=True)
class Operation:
    """One method on one path, as the OpenAPI document describes it."""

    method: str
    rule: str  # Flask rule under the blueprint prefix, e.g. "/reviews/<int:review_id>"
    endpoint: str
    summary: str
    description: str
    tag: str
    response: type[BaseModel] | None
    status: int = 200
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    role: Role | None = None  # None: no token needed
    errors: tuple[int, ...] = ()
    if_match: bool = False  # needs If-Match (428/412)
    etag: bool = False  # the answer carries an ETag
    content_type: str = "application/json"
    extra_responses: dict[int, tuple[type[BaseModel] | None, str]] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        """A read anyone may make from any site (CORS open)."""
        return self.method == "GET" and self.role is None

    @property
    def path_params(self) -> list[tuple[str, str]]:
        """``(name, converter)`` of each ``<converter:name>`` in the rule."""
        found = re.findall(r"<(?:(\w+):)?(\w+)>", self.rule)
        return [(name, converter or "string") for converter, name in found]

    @property
    def openapi_path(self) -> str:
        """The rule as an OpenAPI path template (``/reviews/{review_id}``)."""
        return bp.url_prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.rule)  # type: ignore[operator]


#: Largest id a path may name (PostgreSQL's integer).
MAX_ID = 2**31 - 1


def _unstorable(value: object) -> bool:
    """A path value no database row can have (too large an id, a NUL in a slug)."""
    if isinstance(value, int):
        return value > MAX_ID
    return isinstance(value, str) and "\x00" in value


#: Every operation, in declaration order (the docs page lists them this way).
OPERATIONS: list[Operation] = []


def parse_query(model: type[BaseModel]) -> BaseModel:
    """The query string validated by ``model``; 422 with per-field details otherwise."""
    data = {name: request.args.get(name) for name in request.args}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(
            422, "Some query parameters are not valid.", details=validation_details(exc)
        ) from None


def parse_body(model: type[BaseModel]) -> BaseModel:
    """The JSON body validated by ``model``: 415 when it is not JSON, 422 when it is wrong."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "The body is not valid JSON.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, "The body is not valid.", details=validation_details(exc)) from None


def respond(
    model: type[BaseModel],
    data: Any,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """``data`` passed through ``model`` (fields it does not declare are dropped) as JSON."""
    response = jsonify(model.model_validate(data).model_dump(mode="json"))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def operation(
    rule: str,
    *,
    summary: str,
    tag: str,
    response: type[BaseModel] | None,
    method: str = "GET",
    status: int = 200,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    role: Role | None = None,
    errors: tuple[int, ...] = (),
    if_match: bool = False,
    etag: bool = False,
    content_type: str = "application/json",
    extra_responses: dict[int, tuple[type[BaseModel] | None, str]] | None = None,
) -> Callable[[Callable[..., ResponseReturnValue]], Callable[..., ResponseReturnValue]]:
    """Declare an API operation and register its view (see the module docstring)."""

    def decorate(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
        op = Operation(
            method=method,
            rule=rule,
            endpoint=view.__name__,
            summary=summary,
            description=(view.__doc__ or "").strip(),
            tag=tag,
            response=response,
            status=status,
            query=query,
            body=body,
            role=role,
            errors=errors,
            if_match=if_match,
            etag=etag,
            content_type=content_type,
            extra_responses=extra_responses or {},
        )

        @functools.wraps(view)
        def wrapper(**kwargs: Any) -> ResponseReturnValue:
            if any(_unstorable(value) for value in kwargs.values()):
                # No row has such an id or slug, and PostgreSQL would refuse the value.
                raise ApiError(404, "There is no such object.")
            if op.role is not None:
                require_token(op.role)
            else:
                token_owner()  # a token that is sent must be valid, even for a public read
            if op.query is not None:
                kwargs["query"] = parse_query(op.query)
            if op.body is not None:
                kwargs["body"] = parse_body(op.body)
            return view(**kwargs)

        bp.add_url_rule(rule, op.endpoint, wrapper, methods=[method])
        OPERATIONS.append(op)
        return wrapper

    return decorate


def operation_for(endpoint: str | None) -> Operation | None:
    """The declared operation of an ``api.*`` endpoint name (None for anything else)."""
    if not endpoint or not endpoint.startswith("api."):
        return None
    name = endpoint.removeprefix("api.")
    return next((op for op in OPERATIONS if op.endpoint == name), None)
