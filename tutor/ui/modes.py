"""The app's three modes and the screen each one opens on.

Each feature plugs its screen in with its line below ("module:Class"), imported only when the
mode is first opened, so the first screen does not pay for the others.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from tutor.ui.plugin import load

MODE_SCREENS: dict[str, str] = {
    "learn": "tutor.ui.home:HomeScreen",
    "cards": "tutor.ui.cards:CardsScreen",
    "sandbox": "tutor.ui.sandbox:SandboxScreen",
}

MODE_TITLES = {"learn": "Learn", "cards": "Cards", "sandbox": "Sandbox"}


def screen_class(mode: str) -> type[Screen]:
    return load(MODE_SCREENS[mode])


def screen_factory(mode: str) -> Callable[[], Screen]:
    return lambda: screen_class(mode)()
