"""Check seeds/manifest.json against the article files (plain stdlib).

Usage: python seeds/check_manifest.py [path/to/manifest.json]

Checks that the manifest parses, every article file exists, every expected
quote occurs exactly once in its article's text (for .html files: in the text
of the <article> element after stripping tags and unescaping entities), every
mention occurs in the text, every speaker and outlet referenced exists, every
review and link quote is a substring of an expected quote of that article,
roles, dates and workflow states are valid. Exits 1 on the first batch of
problems, printing all of them.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
from pathlib import Path

STATES = {"draft", "in_review", "needs_second_read", "approved", "published",
          "corrected", "retracted", "dismissed"}
RATINGS = {"True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire"}
FLIPS = {"No Flip", "Half Flip", "Full Flop"}
KINDS = {"direct", "mixed", "indirect"}
SPEAKER_KINDS = {"person", "organisation", "outlet", "anonymous"}
USERS = {"admin", "editor", "checker", "checker2", "viewer"}
RELATIONS = {"reversal", "repeats"}


def article_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return raw
    m = re.search(r"<article\b[^>]*>(.*?)</article>", raw, re.S | re.I)
    body = m.group(1) if m else raw
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"</(p|h[1-6]|div|li|header)>", "\n\n", body, flags=re.I)
    body = re.sub(r"<[^>]+>", "", body)
    return html.unescape(body)


def iso(value, field, problems, where):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: {field} {value!r} is not an ISO date")
        return None


def main(argv: list[str]) -> int:
    manifest_path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("manifest.json")
    root = manifest_path.parent
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems: list[str] = []

    outlets = {o["name"] for o in data["outlets"]}
    for o in data["outlets"]:
        if not o["domain"].endswith(".example"):
            problems.append(f"outlet {o['name']}: domain is not .example")
    speakers = {}
    for s in data["speakers"]:
        speakers[s["name"]] = s
        if s["kind"] not in SPEAKER_KINDS:
            problems.append(f"speaker {s['name']}: bad kind {s['kind']!r}")
        for r in s.get("roles", []):
            start = iso(r["start"], "start", problems, f"speaker {s['name']}")
            end = iso(r["end"], "end", problems, f"speaker {s['name']}")
            if start and end and end < start:
                problems.append(f"speaker {s['name']}: role {r['title']} ends before it starts")
    slugs = [s["slug"] for s in data["speakers"]]
    if len(slugs) != len(set(slugs)):
        problems.append("duplicate speaker slugs")

    texts: dict[str, str] = {}
    expected_by_article: dict[str, list[str]] = {}
    urls = set()
    for a in data["articles"]:
        where = a["file"]
        path = root / a["file"]
        if not path.is_file():
            problems.append(f"{where}: file missing")
            continue
        text = article_text(path)
        texts[a["file"]] = text
        if a["outlet"] not in outlets:
            problems.append(f"{where}: unknown outlet {a['outlet']!r}")
        if a["url"] in urls:
            problems.append(f"{where}: duplicate url")
        urls.add(a["url"])
        if ".example/" not in a["url"]:
            problems.append(f"{where}: url is not on an .example domain")
        iso(a["published"], "published", problems, where)
        if not a["file"].split("/")[-1].startswith(a["published"]):
            problems.append(f"{where}: file name does not start with published date")
        words = len(re.findall(r"\w+", text))
        if not 250 <= words <= 650:
            problems.append(f"{where}: {words} words")
        expected_by_article[a["file"]] = []
        for e in a["expected"]:
            q = e["quote"]
            n = text.count(q)
            if n != 1:
                problems.append(f"{where}: quote occurs {n} times: {q[:70]!r}")
            if e["speaker"] is not None and e["speaker"] not in speakers:
                problems.append(f"{where}: unknown speaker {e['speaker']!r}")
            if e["kind"] not in KINDS:
                problems.append(f"{where}: bad kind {e['kind']!r}")
            if e["mention"] not in text:
                problems.append(f"{where}: mention not in text: {e['mention']!r}")
            if e["kind"] == "direct" and q[0] not in "\"“‘'":
                problems.append(f"{where}: direct quote does not start with a quote mark: {q[:40]!r}")
            expected_by_article[a["file"]].append(q)

    def in_expected(article, quote, where):
        if article not in expected_by_article:
            problems.append(f"{where}: unknown article {article}")
            return
        if not any(quote in q for q in expected_by_article[article]):
            problems.append(f"{where}: quote is not inside an expected quote: {quote[:60]!r}")

    states_seen = set()
    for i, r in enumerate(data["reviews"]):
        where = f"review {i} ({r['state']})"
        in_expected(r["article"], r["quote"], where)
        states_seen.add(r["state"])
        if r["state"] not in STATES:
            problems.append(f"{where}: bad state")
        if r["rating"] is not None and r["rating"] not in RATINGS:
            problems.append(f"{where}: bad rating {r['rating']!r}")
        if r["state"] != "dismissed" and r["rating"] is None:
            problems.append(f"{where}: missing rating")
        if r["state"] in {"corrected", "retracted"} and not r.get("correction_note"):
            problems.append(f"{where}: needs a correction_note")
        for user in (r["author"], r["second_reader"]):
            if user is not None and user not in USERS:
                problems.append(f"{where}: unknown user {user!r}")
        for ev in r["evidence"]:
            if ".example/" not in ev["url"]:
                problems.append(f"{where}: evidence url is not .example")
        rating_words = [w for w in RATINGS | FLIPS if re.search(rf"\b{re.escape(w)}\b", r["summary"])]
        if rating_words:
            problems.append(f"{where}: summary contains rating words {rating_words}")
    missing = STATES - states_seen
    if missing:
        problems.append(f"reviews: states never used: {sorted(missing)}")

    for i, link in enumerate(data["links"]):
        where = f"link {i}"
        if link["relation"] not in RELATIONS:
            problems.append(f"{where}: bad relation")
        if "flip" in link and link["flip"] not in FLIPS:
            problems.append(f"{where}: bad flip rating")
        for side in ("a", "b"):
            in_expected(link[side]["article"], link[side]["quote"], f"{where}.{side}")

    for p in problems:
        print("PROBLEM:", p)
    n_expected = sum(len(v) for v in expected_by_article.values())
    print(f"{len(data['articles'])} articles, {n_expected} expected statements, "
          f"{len(data['speakers'])} speakers, {len(outlets)} outlets, "
          f"{len(data['reviews'])} reviews, {len(data['links'])} links: "
          f"{'OK' if not problems else str(len(problems)) + ' problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
