"""The footer every tutor screen shows: Help first, so a narrow terminal never cuts it off.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and cuts the
row at the terminal's edge; Help, an app key, came last and was the first to go ("? H" at 80
columns). Here it leads, the way home follows, then the rest in Textual's order, and only whole
keys are shown.

A dialog has its own footer (`TutorFooter(join_keys=True)`): without one, the screen beneath
shows through with keys that do nothing in the dialog. Its few keys are each worth showing, so
the keys of one action are joined ("n/esc Stay") rather than the first standing for all.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEY_PADDING = 3  # FooterKey's spaces: one each side of the key, one after the description
# The way back to the home screen, shown right after Help: a narrow footer must not drop it.
WAYS_OUT = ("home", "app.switch_mode('learn')")


def _place(action: str) -> int:
    """Help first, then the way out, then the rest in Textual's order (the sort is stable)."""
    return 0 if action == "help" else 1 if action in WAYS_OUT else 2


class TutorFooter(Footer):
    """A footer whose first key is Help."""

    def __init__(self, *, join_keys: bool = False) -> None:
        super().__init__()
        self.join_keys = join_keys  # every key of one of the screen's own actions, joined

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        seen: dict[str, tuple] = {}
        keys: dict[str, list[str]] = {}
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                seen.setdefault(binding.action, (binding, enabled, tooltip))
                if not keys.get(binding.action) or (self.join_keys and node is self.screen):
                    keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
        ordered = sorted(seen.values(), key=lambda item: _place(item[0].action))
        shown = self._fitting([(item, "/".join(keys[item[0].action])) for item in ordered])
        self.styles.grid_size_columns = len(shown)
        for (binding, enabled, tooltip), key_display in shown:
            yield FooterKey(
                binding.key,
                key_display,
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)

    def _fitting(self, keys: list[tuple[tuple, str]]) -> list[tuple[tuple, str]]:
        """The (binding item, key shown) pairs that fit whole in the footer's width, in order: a
        key cut in half ("e" for "esc Back") says nothing, and Help lists every key anyway."""
        width = self.size.width or self.app.size.width
        used = 0
        for count, (item, key_display) in enumerate(keys):
            used += len(key_display) + len(item[0].description) + KEY_PADDING
            if used > width:
                return keys[:count]
        return keys

    def on_resize(self) -> None:
        self.refresh(recompose=True)
