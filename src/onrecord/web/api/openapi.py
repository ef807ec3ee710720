"""The OpenAPI 3.1 document, generated from the route table, and the rendered docs page.

Everything comes from :data:`~onrecord.web.api.routes.OPERATIONS` and the
pydantic models in :mod:`.schemas`; nothing here is written by hand per
endpoint, so the document matches the routes (tests compare the two).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from onrecord.web.api.errors import CODES
from onrecord.web.api.routes import MAX_ID, OPERATIONS, Operation, operation
from onrecord.web.api.schemas import ErrorEnvelope

REF = "#/components/schemas/{model}"
#: Errors any operation may answer.
COMMON_ERRORS = (429, 503)
TAGS = {
    "reviews": "Published verdicts (public).",
    "speakers": "Speakers and their public verdicts (public).",
    "statements": "Statements with public verdicts (public).",
    "search": "The desk's search over statements with public verdicts (public).",
    "drafts": "Draft verdicts, with optimistic locking (token).",
    "sources": "Adding articles (token).",
    "tokens": "API tokens (token).",
    "meta": "This document and its rendered page.",
}
_STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    400: "The request is malformed (e.g. the body is not JSON).",
    401: "A token is needed, or the one sent is not valid.",
    403: "The token's user may not do this.",
    404: "Not found (or not public).",
    409: "Conflicts with the current state.",
    412: "If-Match names an old version.",
    415: "The body must be JSON.",
    422: "Validation failed; details name each field.",
    428: "If-Match is required.",
    429: "Rate limit reached; see Retry-After.",
    503: "The database (or another service) is unreachable; try again.",
}


Mode = Literal["validation", "serialization"]


def _models() -> list[tuple[type[BaseModel], Mode]]:
    """Every model the document names, with the mode it is used in (input or output)."""
    pairs: dict[tuple[type[BaseModel], Mode], None] = {(ErrorEnvelope, "serialization"): None}
    for op in OPERATIONS:
        if op.response is not None:
            pairs[(op.response, "serialization")] = None
        for model, _ in op.extra_responses.values():
            if model is not None:
                pairs[(model, "serialization")] = None
        if op.body is not None:
            pairs[(op.body, "validation")] = None
        if op.query is not None:
            pairs[(op.query, "validation")] = None
    return list(pairs)


def _schemas() -> tuple[dict[str, Any], dict[str, str]]:
    """``(component schemas, model name -> component name)``."""
    pairs = _models()
    names, top = models_json_schema(pairs, ref_template=REF)
    refs = {}
    for model, mode in pairs:
        refs[model.__name__] = str(names[(model, mode)]["$ref"]).rsplit("/", 1)[-1]
    return top.get("$defs", {}), refs


def _ref(model: type[BaseModel], refs: dict[str, str]) -> dict[str, str]:
    return {"$ref": REF.format(model=refs[model.__name__])}


def _parameters(op: Operation, schemas: dict[str, Any], refs: dict[str, str]) -> list[Any]:
    params: list[dict[str, Any]] = []
    for name, converter in op.path_params:
        schema: dict[str, Any] = (
            {"type": "integer", "minimum": 0, "maximum": MAX_ID}
            if converter == "int"
            else {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}
        )
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    if op.query is not None:
        component = schemas[refs[op.query.__name__]]
        required = set(component.get("required", []))
        for name, prop in component["properties"].items():
            schema = {k: v for k, v in prop.items() if k not in ("title", "description")}
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "description": prop.get("description", ""),
                    "schema": schema,
                }
            )
    if op.if_match:
        params.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": False,
                "description": "The ETag you read (428 without it, 412 when stale).",
                "schema": {"type": "string"},
            }
        )
    return params


def _response(model: type[BaseModel] | None, text: str, refs: dict[str, str], op: Operation) -> Any:
    answer: dict[str, Any] = {"description": text}
    if model is not None:
        answer["content"] = {op.content_type: {"schema": _ref(model, refs)}}
    return answer


def _operation(op: Operation, schemas: dict[str, Any], refs: dict[str, str]) -> dict[str, Any]:
    ok = _response(op.response, _STATUS_TEXT.get(op.status, "OK"), refs, op)
    headers: dict[str, Any] = {}
    if op.etag:
        headers["ETag"] = {"description": "The version.", "schema": {"type": "string"}}
    if op.response is not None and "next_cursor" in op.response.model_fields:
        headers["Link"] = {"description": 'rel="next" page.', "schema": {"type": "string"}}
    if headers:
        ok["headers"] = headers
    responses: dict[str, Any] = {str(op.status): ok}
    for status, (model, text) in op.extra_responses.items():
        responses[str(status)] = _response(model, text, refs, op)
    errors = set(op.errors) | set(COMMON_ERRORS)
    if op.query is not None or op.body is not None:
        errors.add(422)
    errors.add(401)  # a token that is sent must be valid, even for public reads
    for status in sorted(errors):
        if str(status) not in responses:
            responses[str(status)] = {
                "description": _STATUS_TEXT.get(status, CODES.get(status, "Error")),
                "content": {"application/json": {"schema": _ref(ErrorEnvelope, refs)}},
            }
    data: dict[str, Any] = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.tag],
        "parameters": _parameters(op, schemas, refs),
        "responses": responses,
        "security": [{"bearerToken": []}] if op.role is not None else [{}, {"bearerToken": []}],
    }
    if op.role is not None:
        data["x-min-role"] = op.role.value
    if op.body is not None:
        data["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body, refs)}},
        }
    return data


def build_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    schemas, refs = _schemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.openapi_path, {})[op.method.lower()] = _operation(op, schemas, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "onrecord API",
            "version": "1",
            "description": (
                "Published fact-checks (public, CORS open) and token-authenticated writes. "
                "Every error has the same envelope. See docs/api.md."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token (`onr_...`) made by an admin on /admin/tokens.",
                }
            },
        },
    }


def cached_document() -> dict[str, Any]:
    """The document, built once per app (the route table does not change at run time)."""
    document: dict[str, Any] | None = current_app.extensions.get("onrecord.openapi")
    if document is None:
        document = current_app.extensions["onrecord.openapi"] = build_document()
    return document


@operation("/openapi.json", summary="This API's OpenAPI document", tag="meta", response=None)
def openapi_document() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of every operation (generated from the route table)."""
    return cached_document()


@operation(
    "/docs",
    summary="The API's documentation page",
    tag="meta",
    response=None,
    content_type="text/html",
)
def docs_page() -> ResponseReturnValue:
    """The OpenAPI document rendered as a page: operations, parameters, schemas, examples."""
    document = cached_document()
    operations = [(op, document["paths"][op.openapi_path][op.method.lower()]) for op in OPERATIONS]
    return render_template(
        "api/docs.html",
        document=document,
        operations=operations,
        tags=TAGS,
        schemas=document["components"]["schemas"],
        pretty=lambda data: json.dumps(data, indent=2, ensure_ascii=False),
    )
