"""Security headers on every route family (architecture section 8, docs/security.md).

Every family is checked for framing, CSP, cookies and caching. The embed family
(widgets, /embed.js, /oembed) is the only frameable one and never sets a cookie.
Families whose blueprint is not registered yet are skipped, saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import make_test_app
from tests.web.embed.conftest import Published, publish_verdict

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SITE_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp(response: TestResponse) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    policy = response.headers["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in policy.split(";") if part.strip()]
    return {name: value for name, value in parts}


def assert_common(response: TestResponse) -> None:
    """Headers every response carries."""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions
    assert "geolocation=()" in permissions
    assert "Strict-Transport-Security" not in response.headers  # only with force_https
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def assert_not_frameable(response: TestResponse) -> None:
    """Site pages: no framing anywhere, in both the old and the new header."""
    assert_common(response)
    assert csp(response) == SITE_DIRECTIVES
    assert response.headers["X-Frame-Options"] == "DENY"


def assert_embeddable(response: TestResponse) -> None:
    """Embed family: framed and loaded by any site, without cookies."""
    assert_common(response)
    policy = csp(response)
    assert policy["frame-ancestors"] == "*"
    assert policy["form-action"] == "'none'"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


def has_blueprint(app: Flask, name: str) -> bool:
    return name in app.blueprints


def close(response: TestResponse) -> TestResponse:
    response.get_data()
    response.close()
    return response


@pytest.fixture
def published(db: Any) -> Published:
    """One published verdict."""
    return publish_verdict(db)


@pytest.fixture
def logged_in(login: Callable[..., Any], client: FlaskClient) -> FlaskClient:
    """A client with an editor's session cookie (to prove embed routes ignore it)."""
    login("editor")
    return client


def test_auth_login_page(client: FlaskClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert_not_frameable(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_auth_login_sets_a_strict_session_cookie(client: FlaskClient, db: Any) -> None:
    from tests import factories

    with db.write() as session:
        factories.make_user(session, username="cookie-check")
    response = client.post(
        "/login", data={"username": "cookie-check", "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests; see test_force_https_*


def test_desk_pages(logged_in: FlaskClient) -> None:
    response = logged_in.get("/")
    assert response.status_code == 200
    assert_not_frameable(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages(app: Flask, client: FlaskClient, db: Any) -> None:
    if not has_blueprint(app, "public"):
        pytest.skip("the public blueprint (/verdicts, /people) is not registered yet")
    item = publish_verdict(db)
    response = client.get(f"/verdicts/{item.review_id}")
    assert response.status_code == 200
    assert_not_frameable(response)
    assert "Set-Cookie" not in response.headers
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    link = soup.find("link", rel="alternate", type="application/json+oembed")
    assert link is not None, "public verdict pages carry oEmbed discovery"


@pytest.mark.parametrize("theme", ["light", "dark", "compact"])
def test_embed_widgets_for_a_logged_in_browser(
    logged_in: FlaskClient, published: Published, theme: str
) -> None:
    response = logged_in.get(f"/embed/reviews/{published.review_id}?theme={theme}")
    assert response.status_code == 200
    assert_embeddable(response)
    assert response.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_embed_speaker_widget(logged_in: FlaskClient, published: Published) -> None:
    response = logged_in.get(f"/embed/speakers/{published.speaker_slug}")
    assert response.status_code == 200
    assert_embeddable(response)


def test_embed_errors_stay_frameable_and_cookie_free(logged_in: FlaskClient) -> None:
    response = logged_in.get("/embed/reviews/12345")
    assert response.status_code == 404
    assert_embeddable(response)


def test_oembed(logged_in: FlaskClient, published: Published) -> None:
    page = f"http://localhost/verdicts/{published.review_id}"
    response = logged_in.get("/oembed", query_string={"url": page})
    assert response.status_code == 200
    assert_embeddable(response)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_embed_js(logged_in: FlaskClient) -> None:
    response = close(logged_in.get("/embed.js"))
    assert response.status_code == 200
    assert_embeddable(response)
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_static_files(logged_in: FlaskClient) -> None:
    response = close(logged_in.get("/static/onrecord.css"))
    assert response.status_code == 200
    assert_common(response)
    assert "Set-Cookie" not in response.headers
    widget_css = close(logged_in.get("/static/embed/widget.css"))
    assert widget_css.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_api(app: Flask, client: FlaskClient) -> None:
    if not has_blueprint(app, "api"):
        pytest.skip("the api blueprint (/api/v1) is not registered yet")
    response = client.get("/api/v1/reviews")
    assert response.status_code == 200
    assert_not_frameable(response)
    assert "Set-Cookie" not in response.headers


def test_health(app: Flask, client: FlaskClient) -> None:
    if not has_blueprint(app, "health"):
        pytest.skip("the health blueprint (/healthz) is not registered yet")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert_not_frameable(response)
    assert "Set-Cookie" not in response.headers


def test_error_404(logged_in: FlaskClient) -> None:
    response = logged_in.get("/no/such/page")
    assert response.status_code == 404
    assert_not_frameable(response)


def test_error_500(tmp_path: Path) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'boom.db'}")

    def boom() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert_not_frameable(response)
    app.extensions["onrecord.db"].dispose()


def test_force_https_redirects_and_sends_hsts(tmp_path: Path) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'https.db'}", force_https=True)
    client = app.test_client()
    plain = client.get("/login")
    assert plain.status_code == 302
    assert plain.headers["Location"].startswith("https://localhost/login")
    secure = client.get("/login", base_url="https://localhost")
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == "max-age=31556926; includeSubDomains"
    if has_blueprint(app, "health"):
        assert client.get("/healthz").status_code == 200  # probes use plain HTTP
    app.extensions["onrecord.db"].dispose()


def test_force_https_makes_session_cookies_secure(tmp_path: Path) -> None:
    from tests import factories

    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 's.db'}", force_https=True)
    with app.extensions["onrecord.db"].write() as session:
        factories.make_user(session, username="secure-cookie")
    response = app.test_client().post(
        "/login",
        data={"username": "secure-cookie", "password": factories.DEFAULT_PASSWORD},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["onrecord.db"].dispose()


def test_a_cookie_set_on_an_embed_path_is_removed(app: Flask, db: Any) -> None:
    item = publish_verdict(db)

    @app.after_request
    def leak(response: Any) -> Any:  # a bug elsewhere that sets a cookie
        response.set_cookie("tracker", "1")
        return response

    response = app.test_client().get(f"/embed/reviews/{item.review_id}")
    assert "Set-Cookie" not in response.headers


def _inline_code(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and not tag.get("src") and tag.get("type") != "application/ld+json":
            found.append(f"<script> without src in {path.name}")
        found += [
            f"{attr}= on <{tag.name}> in {path.name}" for attr in tag.attrs if attr == "style"
        ]
        found += [
            f"{attr}= on <{tag.name}> in {path.name}" for attr in tag.attrs if attr.startswith("on")
        ]
    return found


def test_no_template_needs_unsafe_inline() -> None:
    problems = [p for path in sorted(TEMPLATES.rglob("*.html")) for p in _inline_code(path)]
    assert problems == []


def test_headers_stay_per_family_across_repeated_requests(
    logged_in: FlaskClient, published: Published
) -> None:
    """The headers worked out once per endpoint never leak from one family to another."""
    widget = f"/embed/reviews/{published.review_id}"
    for _ in range(3):
        assert_embeddable(close(logged_in.get(widget)))
        assert_not_frameable(close(logged_in.get("/")))
        assert_embeddable(close(logged_in.get("/embed/reviews/12345")))
        assert_not_frameable(close(logged_in.get("/no-such-page")))
        assert_not_frameable(close(logged_in.get(f"/verdicts/{published.review_id}")))
    first, second = close(logged_in.get(widget)), close(logged_in.get(widget))
    names = ("Content-Security-Policy", "Permissions-Policy", "Referrer-Policy")
    assert [first.headers[n] for n in names] == [second.headers[n] for n in names]


def test_hsts_is_decided_per_request(tmp_path: Path) -> None:
    """HSTS depends on each request's scheme, not on what the endpoint answered before."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'hsts.db'}", force_https=True)
    client = app.test_client()
    secure = close(client.get("/healthz", base_url="https://localhost"))
    assert "Strict-Transport-Security" in secure.headers
    plain = close(client.get("/healthz"))
    assert plain.status_code == 200
    assert "Strict-Transport-Security" not in plain.headers
    assert (
        "Strict-Transport-Security"
        in close(client.get("/healthz", base_url="https://localhost")).headers
    )
    app.extensions["onrecord.db"].dispose()
