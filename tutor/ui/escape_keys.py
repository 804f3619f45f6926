"""Escape quickly followed by a key, as a terminal sends it: one sequence, which Textual reads
as alt+key (escape, n: "alt+n") or, for a digit, as the character macOS's Option key gives
(escape, 4: "¢", key "cent_sign"). An editor or a field that escape leaves uses
`leave_then_key` to do what the learner meant: leave, then the key, rather than type a ¢.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from textual import events
from textual.widget import Widget

# Escape then a digit, as Textual's table of sequences reads it (textual._ansi_sequences).
DIGIT_AFTER_ESCAPE = {
    "º": "0",
    "¡": "1",
    "™": "2",
    "£": "3",
    "¢": "4",
    "∞": "5",
    "§": "6",
    "¶": "7",
    "•": "8",
    "ª": "9",
}

# The same by key name, as Textual names a character that is not a letter or digit ("¢" is
# "cent_sign"): a key event may come without its character (a simulated one does).
_DIGIT_BY_KEY = {
    (char if char.isalnum() else unicodedata.name(char).lower().replace(" ", "_")): digit
    for char, digit in DIGIT_AFTER_ESCAPE.items()
}


def key_after_escape(event: events.Key, digits: bool) -> str | None:
    """The key that followed a quick escape, or None for a key pressed alone. With `digits`,
    the Option characters count as escape then a digit: in a field for numbers or names they
    are never meant, but in a code cell a £ may be typed on purpose."""
    if event.key.startswith("alt+") and len(event.key) == 5:
        return event.key[4:]
    if digits:
        return DIGIT_AFTER_ESCAPE.get(event.character or "") or _DIGIT_BY_KEY.get(event.key)
    return None


def leave_then_key(
    widget: Widget, event: events.Key, leave: Callable[[], object], digits: bool = True
) -> bool:
    """If `event` is escape then a key: `leave` the widget and press that key where the focus
    went (True); otherwise nothing (False). The focus is cleared first, so the key reaches the
    screen even if `leave` moves the focus later."""
    key = key_after_escape(event, digits)
    if key is None:
        return False
    event.stop()
    event.prevent_default()
    widget.screen.set_focus(None)
    leave()
    widget.app.simulate_key(key)
    return True
