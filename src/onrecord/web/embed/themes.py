"""Widget themes, as data: a theme is a name the stylesheet knows and a colour scheme."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """One look of the widgets, chosen with ``?theme=<name>``."""

    name: str
    color_scheme: str  # the <meta name="color-scheme"> value
    description: str


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("light", "light", "Dark text on white (the default)."),
        Theme("dark", "dark", "Light text on a dark background, for dark pages."),
        Theme("compact", "light", "Light, smaller type and no quote, for narrow columns."),
    )
}
DEFAULT_THEME = "light"


class UnknownTheme(ValueError):
    """``?theme=`` names no theme; the message lists the ones there are."""


def parse_theme(raw: str | None) -> Theme:
    """The theme named by ``raw`` (None or empty: the default); :class:`UnknownTheme` if none."""
    name = (raw or DEFAULT_THEME).strip().lower()
    theme = THEMES.get(name)
    if theme is None:
        known = ", ".join(THEMES)
        raise UnknownTheme(f"There is no widget theme called {raw!r}. Use one of: {known}.")
    return theme
