"""Settings: parsing by declared type, errors that name the setting, documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.config import ConfigError, Settings, ensure_secret_key, load_settings, setting_help

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_without_environment() -> None:
    settings = load_settings(environ={})
    assert settings.database_url == ""
    assert settings.sqlite_busy_timeout_ms == 5000
    assert settings.wtf_csrf_enabled is True
    assert settings.effective_database_url.startswith("sqlite:///")
    assert settings.effective_database_url.endswith("/instance/onrecord.db")


def test_environment_values_are_parsed_by_declared_type() -> None:
    settings = load_settings(
        environ={
            "ONRECORD_SQLITE_BUSY_TIMEOUT_MS": " 250 ",
            "ONRECORD_SESSION_COOKIE_SECURE": "yes",
            "ONRECORD_LOG_LEVEL": "debug",
            "ONRECORD_TEST_POSTGRES_URL": "ignored: belongs to the test suite",
        }
    )
    assert settings.sqlite_busy_timeout_ms == 250
    assert settings.session_cookie_secure is True
    assert settings.log_level == "DEBUG"


def test_overrides_win_over_environment() -> None:
    settings = load_settings(
        {"DATABASE_URL": "sqlite:///x.db", "debug": True},
        environ={"ONRECORD_DATABASE_URL": "sqlite:///y.db"},
    )
    assert settings.database_url == "sqlite:///x.db"
    assert settings.debug is True


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"ONRECORD_SQLITE_BUSY_TIMEOUT_MS": "soon"}, "ONRECORD_SQLITE_BUSY_TIMEOUT_MS='soon'"),
        ({"ONRECORD_DEBUG": "maybe"}, "expected one of true/false"),
        ({"ONRECORD_LOG_LEVEL": "LOUD"}, "expected DEBUG, INFO"),
        ({"ONRECORD_DATABSE_URL": "x"}, "unknown setting ONRECORD_DATABSE_URL"),
    ],
)
def test_bad_values_name_the_setting(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(environ=environ)


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings({"colour": "blue"}, environ={})


def test_generated_secret_key_is_kept_in_the_instance_folder(tmp_path: Path) -> None:
    settings = Settings(instance_path=str(tmp_path))
    first = ensure_secret_key(settings)
    assert len(first) == 64
    assert ensure_secret_key(settings) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_explicit_secret_key_is_used(tmp_path: Path) -> None:
    settings = Settings(instance_path=str(tmp_path), secret_key="s3cret")
    assert ensure_secret_key(settings) == "s3cret"
    assert not (tmp_path / "secret_key").exists()


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [env for env, *_ in setting_help() if f"`{env}`" not in readme]
    assert missing == [], f"README configuration table lacks {missing}"
