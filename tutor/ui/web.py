"""What changes when the app runs in a browser tab (`python -m tutor serve`).

Browsers keep ctrl+t (new tab) and ctrl+n (new window) for themselves: a page never sees them.
In a browser the actions on those keys also answer to a function key, which the footer, the help
screen and the exercise's key line then name. `$EDITOR` is the other loss: a browser tab has no
terminal to hand over, so the exercise says where its file is instead (`ExerciseView`).
"""

from __future__ import annotations

from textual.app import App

# action -> (binding id, the key in a terminal, the key in a browser)
BROWSER_KEYS: dict[str, tuple[str, str, str]] = {
    "hint": ("exercise-hint", "ctrl+t", "f6"),
    "your_engine": ("exercise-engine", "ctrl+n", "f7"),
    "change_theme": ("theme", "ctrl+t", "f9"),
}


def web_keymap() -> dict[str, str]:
    """The keymap for a browser tab: the function key first (the footer shows the first key)."""
    return {binding_id: f"{web},{terminal}" for binding_id, terminal, web in BROWSER_KEYS.values()}


def key_for(app: App, action: str, terminal_key: str) -> str:
    """The key to name for `action`: its function key in a browser, else `terminal_key`."""
    if app.is_web and action in BROWSER_KEYS:
        return BROWSER_KEYS[action][2]
    return terminal_key
