"""The footer every tutor screen shows: Help first, so a narrow terminal never cuts it off.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and cuts the
row at the terminal's edge; Help, an app key, came last and was the first to go ("? H" at 80
columns). Here it leads, the rest follow in Textual's order, and only whole keys are shown.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEY_PADDING = 3  # FooterKey's spaces: one each side of the key, one after the description


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
        shown = self._fitting([self.app.get_key_display(item[0]) for item in ordered], ordered)
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

    def _fitting(self, key_displays: list[str], items: list[tuple]) -> list[tuple[tuple, str]]:
        """The keys that fit whole in the footer's width, in order: a key cut in half ("e" for
        "esc Back") says nothing, and every key is listed by Help anyway."""
        width = self.size.width or self.app.size.width
        kept: list[tuple[tuple, str]] = []
        used = 0
        for item, key_display in zip(items, key_displays, strict=True):
            used += len(key_display) + len(item[0].description) + KEY_PADDING
            if used > width:
                break
            kept.append((item, key_display))
        return kept

    def on_resize(self) -> None:
        self.refresh(recompose=True)
