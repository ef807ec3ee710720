"""The locust side of ``benchmarks/load.py``: readers of the public site and a desk of checkers.

Run by ``benchmarks/load.py`` (which seeds the database, starts gunicorn and
writes the targets file); not meant to be run by hand. Every simulated user
sends requests at a constant rate, so users x rate is the offered load
(``ONRECORD_LOAD_USER_RATE`` per visitor; the desk's rate is set so that it
sends 10% of all requests). The mix:

- visitors (70 : 20 by weight, together 90% of the requests):
  - widget reads: ``/embed/reviews/<id>``;
  - public pages and API reads: ``/verdicts/<id>``, ``/verdicts``,
    ``/people/<slug>``, ``/verdicts.json``, ``/api/v1/reviews``;
- the desk (10%): one logged-in fact-checker per seeded account (a newsroom's
  desk, ``ONRECORD_LOAD_CHECKERS``), each logging in once when it starts and
  then opening the queue, searching, and now and then pasting a new article
  (form with its CSRF token, then the POST).

Logging in happens once per checker at the start, as in a newsroom (people log
in once a day, not once a minute): a login costs an argon2 verification, about
0.2 s of CPU with the production parameters. The statistics start afresh
``ONRECORD_LOAD_WARMUP_S`` seconds after every user has started, so that the
logins (and the first requests of each worker) are not measured.

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

import gevent
from locust import FastHttpUser, constant_throughput, events, task
from locust.env import Environment

TARGETS: dict[str, Any] = json.loads(Path(os.environ["ONRECORD_LOAD_TARGETS"]).read_text())
USER_RATE = float(os.environ.get("ONRECORD_LOAD_USER_RATE", "5"))
CHECKERS = int(os.environ.get("ONRECORD_LOAD_CHECKERS", "20"))
CHECKER_RATE = float(os.environ.get("ONRECORD_LOAD_CHECKER_RATE", "2.5"))
#: Seconds after every user has started before the statistics start afresh.
WARMUP_S = float(os.environ.get("ONRECORD_LOAD_WARMUP_S", "0"))
_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')
_users = itertools.count()
_checkers = itertools.count()
_articles = itertools.count()
SEARCH_WORDS = ["budget", "taxes", "harbour", "schools", "deficit", "housing", "rail"]


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on the page ('' when CSRF is off)."""
    tag = _CSRF.search(html)
    value = _VALUE.search(tag.group(0)) if tag else None
    return value.group(1) if value else ""


@events.init.add_listener
def _remember(environment: Environment, **_kwargs: Any) -> None:
    def reset_later(**_ignored: Any) -> None:
        if WARMUP_S > 0 and environment.runner is not None:
            gevent.spawn_later(WARMUP_S, environment.runner.stats.reset_all)

    environment.events.spawning_complete.add_listener(reset_later)


class Visitor(FastHttpUser):
    """A reader of the public site: widgets and public pages and API reads, 70 : 20."""

    wait_time = constant_throughput(USER_RATE)
    weight = 1

    def on_start(self) -> None:
        self.rng = random.Random(next(_users))

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


class Checker(FastHttpUser):
    """A fact-checker at the desk: logs in once, then works the queue, searches and pastes."""

    wait_time = constant_throughput(CHECKER_RATE)
    fixed_count = CHECKERS  # started before the visitors

    def on_start(self) -> None:
        self.number = next(_checkers)
        self.rng = random.Random(10_000 + self.number)
        self.logged_in = False
        if TARGETS["desk"]:
            self._log_in()

    def _review(self) -> int:
        return int(self.rng.choice(TARGETS["reviews"]))

    @task
    def desk(self) -> None:
        if not self.logged_in:
            self.client.get(f"/embed/reviews/{self._review()}", name="widget /embed/reviews/<id>")
            return
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
