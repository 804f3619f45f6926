"""The footer every tutor screen shows: Help first, so a narrow terminal never cuts it off.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and cuts the
row at the terminal's edge; Help, an app key, came last and was the first to go ("? H" at 80
columns). Here it leads, and the rest follow in Textual's order.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class TutorFooter(Footer):
    """A footer whose first key is Help."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        seen: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                seen.setdefault(binding.action, (binding, enabled, tooltip))
        ordered = sorted(seen.values(), key=lambda item: item[0].action != "help")
        self.styles.grid_size_columns = len(ordered)
        for binding, enabled, tooltip in ordered:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
