"""Article text and metadata from HTML and text files."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.clean import decode_text, html_to_article, repair_text

PARAGRAPHS = [
    "Valdoria will not raise income tax next year, Finance Minister Anna Varga said on Monday,"
    " ruling out the increase that economists at the central bank had called for.",
    "\u201cWe will not raise taxes on working families,\u201d Ms Varga told reporters in"
    " Brightwater after a cabinet meeting that ran late into the evening.",
    "Opposition leader Tomas Berg said the plan was \u201ca fantasy\u201d and that the deficit"
    " would grow by two billion crowns before the next election.",
]
CANONICAL = "https://www.courier.example/politics/2024/03/04/no-tax-rises"


def article_page(
    paragraphs: list[str] = PARAGRAPHS,
    *,
    author: str = "Maria Lund",
    title: str = "No tax rises next year, says Varga",
) -> str:
    """A newspaper page as a CMS would serve it: head metadata, navigation, article, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Brightwater Courier</title>
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta property="og:site_name" content="The Brightwater Courier">
<meta property="article:published_time" content="2024-03-04T09:30:00+01:00">
<link rel="canonical" href="{CANONICAL}">
</head>
<body>
<nav><ul>
<li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li>
</ul></nav>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article></main>
<footer>
<p>Copyright 2024 The Brightwater Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/subscribe">Subscribe today</a>
</footer>
</body>
</html>"""


def test_html_to_article_gives_the_body_paragraphs_separated_by_blank_lines() -> None:
    article = html_to_article(article_page().encode("utf-8"))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_html_to_article_leaves_out_navigation_footer_and_headline() -> None:
    text = html_to_article(article_page().encode("utf-8")).text
    for boilerplate in ["Home", "Sport", "Copyright", "Privacy policy", "Subscribe today"]:
        assert boilerplate not in text
    assert not text.startswith("No tax rises")


def test_html_to_article_reads_the_metadata() -> None:
    article = html_to_article(article_page().encode("utf-8"))
    assert article.title == "No tax rises next year, says Varga"
    assert article.authors == ["Maria Lund"]
    assert article.published == dt.date(2024, 3, 4)
    assert article.site_name == "The Brightwater Courier"
    assert article.canonical_url == CANONICAL


def test_html_to_article_accepts_str() -> None:
    article = html_to_article(article_page())
    assert article.text.split("\n\n") == PARAGRAPHS


def test_html_to_article_splits_several_authors() -> None:
    article = html_to_article(article_page(author="Maria Lund and Petra Novak").encode("utf-8"))
    assert article.authors == ["Maria Lund", "Petra Novak"]


def test_html_to_article_keeps_accented_text() -> None:
    paragraphs = [
        *PARAGRAPHS[:2],
        "Economist Tomáš Dvořák of Brightwater University said the numbers did not add up,"
        " and that the ministry had ignored its own forecast for the coming years.",
    ]
    article = html_to_article(article_page(paragraphs).encode("utf-8"))
    assert "Tomáš Dvořák" in article.text


def test_html_to_article_repairs_mojibake() -> None:
    # Text that was UTF-8, read as Windows-1252 by some upstream CMS and saved again as UTF-8.
    clean = [
        *PARAGRAPHS[:1],
        "Caf\u00e9 owners in Brightwater said the minister\u2019s promise was \u2018welcome\u2019"
        " but that they would wait for the budget before believing a word of it.",
    ]
    broken = [p.encode("utf-8").decode("cp1252") for p in clean]
    assert "Caf\u00c3\u00a9 owners" in broken[1]
    assert "minister\u00e2\u20ac\u2122s" in broken[1]
    article = html_to_article(article_page(broken).encode("utf-8"))
    assert article.text == "\n\n".join(clean)


def test_html_to_article_refuses_binary_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
    with pytest.raises(OperationError, match="binary"):
        html_to_article(png)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"   \n  ", id="white-space"),
        pytest.param(
            b"<html><head><title>The Courier</title></head><body></body></html>", id="empty-body"
        ),
        pytest.param(
            b'<!DOCTYPE html><html><head><title>The Courier</title><script src="/app.js"></script>'
            b'</head><body><div id="root"></div></body></html>',
            id="javascript-app-shell",
        ),
        pytest.param(
            b"<html><head><title>The Courier</title></head><body>"
            b'<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>'
            b"</ul></nav><article></article>"
            b"<footer><p>Copyright 2024 The Brightwater Courier.</p></footer></body></html>",
            id="navigation-and-footer-only",
        ),
    ],
)
def test_html_to_article_refuses_a_page_without_article_text(page: bytes) -> None:
    with pytest.raises(OperationError, match="no article text"):
        html_to_article(page)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("Café “ok” — Dvořák".encode(), "Café “ok” — Dvořák", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfThe minister said no.", "The minister said no.", id="bom"),
        pytest.param(
            "Café owners said “no” — loudly.".encode("cp1252"),
            "Café owners said “no” — loudly.",
            id="windows-1252",
        ),
        pytest.param("Zoë Müller".encode("latin-1"), "Zoë Müller", id="latin-1"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_decode_text_refuses_binary() -> None:
    with pytest.raises(OperationError, match="binary"):
        decode_text(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<< /Type /Catalog >>")


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        pytest.param(
            "â€œWe will not raise taxes,â€\x9d said Ms Varga.",
            "\u201cWe will not raise taxes,\u201d said Ms Varga.",
            id="curly-quotes",
        ),
        pytest.param(
            "CafÃ© owners wereÂ sceptical.", "Café owners were\u00a0sceptical.", id="nbsp"
        ),
        pytest.param(
            "The minister didnâ€™t answer.", "The minister didn\u2019t answer.", id="apos"
        ),
        pytest.param("Tomas DvoÅ™Ã¡k", "Tomas Dvořák", id="accents"),
        pytest.param(
            "line one\r\nline two\rline three", "line one\nline two\nline three", id="eol"
        ),
        pytest.param(
            "\u201cClean text\u201d stays \u2018as is\u2019.",
            "\u201cClean text\u201d stays \u2018as is\u2019.",
            id="clean-unchanged",
        ),
        pytest.param("Dvor\u030ca\u0301k", "Dvořák", id="nfc"),
    ],
)
def test_repair_text(broken: str, expected: str) -> None:
    assert repair_text(broken) == expected


def test_html_to_article_drops_a_headline_with_mojibake() -> None:
    title = "Caf\u00e9 owners call the tax plan \u2018a fantasy\u2019"
    broken_title = title.encode("utf-8").decode("cp1252")
    article = html_to_article(article_page(title=broken_title).encode("utf-8"))
    assert article.title == title
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_html_to_article_accepts_an_article_written_without_spaces() -> None:
    paragraphs = [
        "财政部长安娜·瓦尔加周一表示，明年不会提高所得税，并排除了中央银行经济学家此前呼吁的加税方案。",
        "“我们不会对劳动家庭加税，”瓦尔加在内阁会议后对记者说。反对党领袖托马斯·贝格称该计划是“幻想”。",
    ]
    page = article_page(paragraphs, title="瓦尔加：明年不加税", author="玛丽亚·伦德")
    article = html_to_article(page.encode("utf-8"))
    assert article.text == "\n\n".join(paragraphs)
