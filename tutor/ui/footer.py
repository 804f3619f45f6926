"""The footer every tutor screen shows: Help first, so a narrow terminal never cuts it off.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and cuts the
row at the terminal's edge; Help, an app key, came last and was the first to go ("? H" at 80
columns). Here it leads, and the rest follow in Textual's order.

A dialog has its own footer (`TutorFooter(join_keys=True)`): without one, the screen beneath
shows through with keys that do nothing in the dialog. Its few keys are each worth showing, so
the keys of one action are joined ("n/esc Stay") rather than the first standing for all.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


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
        ordered = sorted(seen.values(), key=lambda item: item[0].action != "help")
        self.styles.grid_size_columns = len(ordered)
        for binding, enabled, tooltip in ordered:
            yield FooterKey(
                binding.key,
                "/".join(keys[binding.action]),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
