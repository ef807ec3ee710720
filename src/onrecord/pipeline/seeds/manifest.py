"""Reading and checking ``seeds/manifest.json`` (pure; no database)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from onrecord.pipeline.errors import OperationError

PACKAGE_DIR = Path(__file__).resolve().parents[2]


def default_seeds_dir() -> Path:
    """The seeds folder: inside an installed package, else the repository's ``seeds/``."""
    packaged = PACKAGE_DIR / "seeds"
    if (packaged / "manifest.json").is_file():
        return packaged
    return PACKAGE_DIR.parent.parent / "seeds"


def load_manifest(seeds_dir: Path) -> dict[str, Any]:
    """Parse and check the manifest; raise :class:`OperationError` naming the first problem."""
    path = seeds_dir / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OperationError(f"no seeds manifest at {path}") from None
    except json.JSONDecodeError as exc:
        raise OperationError(f"{path} is not valid JSON: {exc}") from None
    for key in ("outlets", "speakers", "articles"):
        if not isinstance(manifest.get(key), list):
            raise OperationError(f"{path}: {key!r} must be a list")
    outlets = {o["name"] for o in manifest["outlets"]}
    speakers = {s["name"] for s in manifest["speakers"]}
    files = set()
    for article in manifest["articles"]:
        where = f"{path}: article {article.get('file')!r}"
        if not (seeds_dir / article["file"]).is_file():
            raise OperationError(f"{where}: file not found")
        if article.get("outlet") and article["outlet"] not in outlets:
            raise OperationError(f"{where}: unknown outlet {article['outlet']!r}")
        parse_date(article.get("published"), where)
        for expected in article.get("expected", []):
            if expected.get("speaker") and expected["speaker"] not in speakers:
                raise OperationError(f"{where}: unknown speaker {expected['speaker']!r}")
        files.add(article["file"])
    for review in manifest.get("reviews", []):
        if review["article"] not in files:
            raise OperationError(f"{path}: review of unknown article {review['article']!r}")
    return manifest


def parse_date(value: str | None, where: str) -> dt.date | None:
    """An ISO date or None; OperationError naming ``where`` if malformed."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise OperationError(f"{where}: {value!r} is not an ISO date") from None
