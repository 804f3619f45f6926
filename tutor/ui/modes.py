"""The app's three modes and the screen each one opens on.

A feature plugs its screen in by editing its one line below ("module:Class"); `None` means the
feature has not landed yet, and the mode opens a screen that says so.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from tutor.ui.plugin import load

MODE_SCREENS: dict[str, str | None] = {
    "learn": "tutor.ui.home:HomeScreen",
    "cards": "tutor.ui.cards:CardsScreen",
    "sandbox": "tutor.ui.sandbox:SandboxScreen",
}

MODE_TITLES = {"learn": "Learn", "cards": "Cards", "sandbox": "Sandbox"}


def screen_class(mode: str) -> type[Screen]:
    """The class of `mode`'s base screen, imported only when the mode is first opened."""
    target = MODE_SCREENS[mode]
    if target is None:
        from tutor.ui.coming import ComingScreen

        return ComingScreen
    return load(target)


def screen_factory(mode: str) -> Callable[[], Screen]:
    def make() -> Screen:
        cls = screen_class(mode)
        if MODE_SCREENS[mode] is None:
            return cls(MODE_TITLES[mode])
        return cls()

    return make
