"""``/search``: full-text and fuzzy search over statements, with filters, highlights and export.

``/search`` shows the results a page at a time; ``/search.csv`` and
``/search.json`` export the whole result set of the same query (up to
:data:`~onrecord.web.desk.search_query.MAX_RESULTS` rows).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, abort, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue

from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.search_forms import SearchForm
from onrecord.web.desk.search_query import SearchResult, load_results, rank_statements
from onrecord.web.extensions import db_session
from onrecord.web.highlight import segment_text
from onrecord.web.pagination import PER_PAGE, Page, requested_page

EXPORT_COLUMNS = (
    "id", "text", "speaker", "said_on", "kind", "status", "verdict_state", "rating",
    "summary", "source_title", "source_url", "outlet", "url", "score",
)  # fmt: skip


def _ranked(form: SearchForm) -> tuple[list[tuple[int, float]], bool]:
    """``(id, score)`` of a validated form's results; no query and no filter finds nothing."""
    if not form.validate():
        return [], False
    if not form.is_search():
        return [], True
    return rank_statements(db_session(), form.q.data or "", form.filters()), True


@bp.route("/search")
def search() -> ResponseReturnValue:
    """The search page: form, results with the matching words marked, a pager, export links."""
    form = SearchForm(request.args)
    ranked, valid = _ranked(form)
    number = requested_page()
    if number > max(1, -(-len(ranked) // PER_PAGE)):
        abort(404)
    shown = ranked[(number - 1) * PER_PAGE : number * PER_PAGE]
    page = Page(
        items=load_results(db_session(), shown, form.q.data or ""),
        number=number,
        per_page=PER_PAGE,
        total=len(ranked),
    )
    segments = {r.statement.id: segment_text(r.statement.text, r.spans) for r in page.items}
    return render_template(
        "desk/search.html",
        form=form,
        page=page,
        segments=segments,
        args=form.query_args(),
        searched=form.is_search() and valid,
    ), (200 if valid else 400)


def export_row(result: SearchResult) -> dict[str, Any]:
    """One result as the export's columns."""
    st, review = result.statement, result.review
    return {
        "id": st.id,
        "text": st.text,
        "speaker": result.speaker.name if result.speaker else (st.speaker_name or ""),
        "said_on": st.said_on.isoformat() if st.said_on else "",
        "kind": str(st.kind),
        "status": str(st.status),
        "verdict_state": str(review.state) if review else "",
        "rating": review.label if review else "",
        "summary": review.summary if review else "",
        "source_title": result.source.title,
        "source_url": result.source.url or "",
        "outlet": result.outlet.name if result.outlet else "",
        "url": url_for("desk.statement", statement_id=st.id, _external=True),
        "score": result.score,
    }


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ runs as one)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.route("/search.<any(csv, json):fmt>")
def search_export(fmt: str) -> ResponseReturnValue:
    """The whole result set of a search as CSV or JSON (same arguments as ``/search``)."""
    form = SearchForm(request.args)
    ranked, valid = _ranked(form)
    if not valid:
        abort(
            400,
            "; ".join(f"{form[name].label.text}: {errs[0]}" for name, errs in form.errors.items()),
        )
    results = load_results(db_session(), ranked, form.q.data or "")
    rows = [export_row(result) for result in results]
    if fmt == "json":
        response = jsonify({"query": form.query_args(), "count": len(rows), "results": rows})
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in rows)
        response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="onrecord-search.{fmt}"'
    return response
