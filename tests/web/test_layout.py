"""The layout every page shares: skip link, header, navigation, account, flashes, footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onrecord.models import Role
from tests import factories
from tests.web.html import one, parse, text


def test_logged_in_layout_has_skip_link_nav_account_and_footer(client, login):
    login(Role.EDITOR, username="edna")
    soup = parse(client.get("/"))
    skip = soup.find("a", class_="skip-link")
    assert skip is not None
    assert skip["href"] == "#main"
    assert one(soup, "main")["id"] == "main"
    nav = one(soup, "header nav[aria-label=Main]")
    assert [(text(a), a["href"]) for a in nav.find_all("a")] == [
        ("Desk", "/"),
        ("Sources", "/sources"),
        ("Speakers", "/speakers"),
        ("Queue", "/queue"),
        ("Search", "/search"),
        ("Feeds", "/feeds"),
        ("Jobs", "/jobs"),
        ("Add article", "/sources/new"),
    ]
    assert text(one(nav, "a[aria-current=page]")) == "Desk"
    assert text(one(soup, ".account-name")) == "edna"
    assert text(one(soup, ".role-badge")) == "editor"
    assert one(soup, "footer") is not None
    assert soup.find("a", string="Log in") is None


def test_logout_is_a_post_form_with_a_csrf_token(client, login):
    login()
    soup = parse(client.get("/sources"))
    form = one(soup, "form.logout-form")
    assert form["method"] == "post"
    assert form["action"] == "/logout"
    token = one(form, "input[name=csrf_token]")
    assert token["type"] == "hidden"
    assert token["value"]
    assert text(one(form, "button[type=submit]")) == "Log out"


def test_viewer_sees_no_add_article_link(client, login):
    login(Role.VIEWER)
    nav = one(parse(client.get("/")), "nav[aria-label=Main]")
    links = [text(a) for a in nav.find_all("a")]
    assert links == ["Desk", "Sources", "Speakers", "Queue", "Search", "Feeds", "Jobs"]


def test_logged_out_pages_show_a_log_in_link_and_no_navigation(client):
    soup = parse(client.get("/login"))
    assert soup.select("nav[aria-label=Main]") == []
    assert soup.select("form.logout-form") == []
    link = one(soup, "header .account a")
    assert (text(link), link["href"]) == ("Log in", "/login")


def test_flash_messages_are_status_messages(client, db):
    with db.write() as session:
        factories.make_user(session, username="wanda")
    client.post("/login", data={"username": "wanda", "password": factories.DEFAULT_PASSWORD})
    soup = parse(client.get("/"))
    flash = one(soup, ".flash")
    assert flash["role"] == "status"
    assert text(flash).startswith("Welcome")
    # Shown once only.
    assert parse(client.get("/")).select(".flash") == []


def test_stylesheet_and_icons_are_local_files_served_by_the_app(client, login):
    login()
    soup = parse(client.get("/"))
    stylesheet = one(soup, "link[rel=stylesheet]")
    icon = one(soup, "link[rel=icon]")
    logo = one(soup, ".brand img")
    for url in (stylesheet["href"], icon["href"], logo["src"]):
        assert url.startswith("/static/")
        response = client.get(url)
        assert response.status_code == 200
        response.close()
    external = [
        tag
        for tag in soup.find_all(["link", "script", "img"])
        if str(tag.get("href") or tag.get("src") or "").startswith(("http:", "https:", "//"))
    ]
    assert external == []


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/sources", "Sources"),
        ("/speakers", "Speakers"),
        ("/sources/new", "Add article"),
        ("/sources/new/url", "Add article"),
        ("/sources/new/upload", "Add article"),
        ("/feeds", "Feeds"),
        ("/jobs", "Jobs"),
    ],
)
def test_navigation_marks_the_current_section(client, login, path, current):
    login()
    nav = one(parse(client.get(path)), "nav[aria-label=Main]")
    assert text(one(nav, "a[aria-current=page]")) == current


def test_templates_never_switch_off_escaping():
    """Article text and names are escaped by autoescaping; no template may opt out."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        path.relative_to(templates).as_posix()
        for path in sorted(templates.rglob("*.html"))
        if re.search(r"\|\s*safe\b|autoescape\s+false", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
