"""The OpenAPI document matches the routes, the docs page renders it, and schemathesis
finds no request the implementation answers against the document."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings

from onrecord.models import Role
from onrecord.web.api.routes import OPERATIONS
from tests.web.api.conftest import BASE, Published, bearer
from tests.web.html import parse

#: Methods Flask adds to every rule by itself.
AUTOMATIC = {"HEAD", "OPTIONS"}


def _documented(document: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


def _registered(app: Flask) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        found |= {(method, path) for method in (rule.methods or set()) - AUTOMATIC}
    return found


def test_every_route_is_documented_and_every_documented_route_exists(
    app: Flask, client: FlaskClient
) -> None:
    document = client.get(f"{BASE}/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert _registered(app) == _documented(document)
    assert len(_documented(document)) == len(OPERATIONS)
    assert all(path.startswith(BASE) for _, path in _documented(document))


def test_writes_need_a_token_and_reads_do_not(client: FlaskClient) -> None:
    document = client.get(f"{BASE}/openapi.json").get_json()
    for item in document["paths"].values():
        for method, spec in item.items():
            if method == "get" and "x-min-role" not in spec:
                assert {} in spec["security"]
            else:
                assert spec["security"] == [{"bearerToken": []}]
            validated = "requestBody" in spec or any(p["in"] == "query" for p in spec["parameters"])
            assert "422" in spec["responses"] or not validated


def test_document_is_a_valid_openapi_schema(client: FlaskClient) -> None:
    schema = schemathesis.openapi.from_dict(client.get(f"{BASE}/openapi.json").get_json())
    assert len(list(schema.get_all_operations())) == len(OPERATIONS)


def test_docs_page_lists_every_operation_and_schema(client: FlaskClient) -> None:
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    soup = parse(response)
    headings = [h.get_text(" ", strip=True) for h in soup.select("section.api-operation h2")]
    assert headings == [f"{op.method} {op.openapi_path}" for op in OPERATIONS]
    document = client.get(f"{BASE}/openapi.json").get_json()
    assert {s["id"] for s in soup.select(".api-schemas section")} == {
        f"schema-{name}" for name in document["components"]["schemas"]
    }
    # Our own page: no script, style or font from anywhere else.
    for tag in soup.select("script[src], link[href], img[src]"):
        address = tag.get("src") or tag.get("href")
        assert not str(address).startswith(("http:", "https:", "//")), address


# --- schemathesis -------------------------------------------------------------------------


@pytest.fixture
def editor_token(make_token: Callable[..., str]) -> str:
    return make_token(Role.EDITOR)


def _checker(headers: dict[str, str]) -> Callable[[schemathesis.Case], None]:
    # A schema-valid request can still be refused on meaning (a cursor we did not make, a
    # label not on the scale, a summary that gives the verdict away): 422, documented. A
    # JSON schema cannot say that, so the "valid data must be accepted" check is skipped;
    # every other check (no 5xx, documented status, schema, content type, headers) runs.
    excluded = [schemathesis.checks.positive_data_acceptance]

    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    return check


@pytest.mark.slow
def test_schemathesis(app: Flask, published: Published, editor_token: str) -> None:
    """Every operation, 25 derandomized examples each, against a seeded database (in-process)."""
    schema = schemathesis.openapi.from_wsgi(f"{BASE}/openapi.json", app)
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        needs_token = bool(operation.definition.raw.get("x-min-role"))
        headers = bearer(editor_token) if needs_token else {}

        check = given(case=operation.as_strategy())(
            settings(
                max_examples=25,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(_checker(headers))
        )
        try:
            check()
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every operation's failure, then report them all
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
