"""The locust side of ``benchmarks/load.py``: one user class with the realistic mix.

Run by ``benchmarks/load.py`` (which seeds the database, starts gunicorn and
writes the targets file); not meant to be run by hand. Each simulated visitor
sends requests at a constant rate (``ONRECORD_LOAD_USER_RATE`` per second), so
users x rate is the offered load. The mix, by weight:

- 70 widget reads: ``/embed/reviews/<id>``;
- 20 public pages and API reads: ``/verdicts/<id>``, ``/verdicts``,
  ``/people/<slug>``, ``/verdicts.json``, ``/api/v1/reviews``;
- 10 desk actions as a logged-in fact-checker: the queue, a search, and now
  and then pasting a new article (form with its CSRF token, then the POST).

Routes that ``load.py`` found missing are left out of their group (a group with
none left falls back to widget reads).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant_throughput, task

TARGETS: dict[str, Any] = json.loads(Path(os.environ["ONRECORD_LOAD_TARGETS"]).read_text())
USER_RATE = float(os.environ.get("ONRECORD_LOAD_USER_RATE", "5"))
_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')
_users = itertools.count()
_articles = itertools.count()
SEARCH_WORDS = ["budget", "taxes", "harbour", "schools", "deficit", "housing", "rail"]


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on the page ('' when CSRF is off)."""
    tag = _CSRF.search(html)
    value = _VALUE.search(tag.group(0)) if tag else None
    return value.group(1) if value else ""


class Visitor(FastHttpUser):
    """Widgets, public pages and API reads, and some desk work, in the ratio above."""

    wait_time = constant_throughput(USER_RATE)

    def on_start(self) -> None:
        self.number = next(_users)
        self.rng = random.Random(self.number)
        self.logged_in = False

    def _review(self) -> int:
        return int(self.rng.choice(TARGETS["reviews"]))

    @task(70)
    def widget(self) -> None:
        self.client.get(f"/embed/reviews/{self._review()}", name="widget /embed/reviews/<id>")

    @task(20)
    def public(self) -> None:
        paths = TARGETS["public"]
        if not paths:
            self.widget()
            return
        template = self.rng.choice(paths)
        path = template.format(review=self._review(), slug=self.rng.choice(TARGETS["slugs"]))
        self.client.get(path, name=f"public {template}")

    @task(10)
    def desk(self) -> None:
        if not TARGETS["desk"]:
            self.widget()
            return
        if not self.logged_in:
            self._log_in()
        roll = self.rng.random()
        if roll < 0.2 and "paste" in TARGETS["desk"]:
            self._paste()
        elif roll < 0.6 and "/search" in TARGETS["desk"]:
            word = self.rng.choice(SEARCH_WORDS)
            self.client.get(f"/search?q={word}", name="desk /search?q=<word>")
        else:
            self.client.get("/queue", name="desk /queue")

    def _log_in(self) -> None:
        user = TARGETS["users"][self.number % len(TARGETS["users"])]
        token = csrf_token(self.client.get("/login", name="desk login").text or "")
        self.client.post(
            "/login",
            data={"username": user, "password": TARGETS["password"], "csrf_token": token},
            name="desk login",
        )
        self.logged_in = True

    def _paste(self) -> None:
        token = csrf_token(self.client.get("/sources/new", name="desk paste form").text or "")
        n = next(_articles)
        text = (
            f"RIVERTON – Council member Ada Holm{n} spoke about the rail plan on Monday.\n\n"
            f"“We will finish the northern line by {2030 + n % 9},” Holm{n} told reporters.\n\n"
            f"The transport minister Piet Lang said the money was not there (run {self.number})."
        )
        self.client.post(
            "/sources/new",
            data={"title": f"Rail plan {self.number}-{n}", "text": text, "csrf_token": token},
            name="desk paste POST /sources/new",
        )
