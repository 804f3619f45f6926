"""The widgets a learner answers with, keys only; each posts `Answered` (or `Revealed`) up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, OptionList, TextArea

NUMBER_KEYS = [Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)]


class Answered(Message):
    """The learner submitted `answer` (in the form `tutor.quiz.grade` takes)."""

    def __init__(self, answer: Any) -> None:
        super().__init__()
        self.answer = answer


class Left(Message):
    """Escape: the learner hands the keys back to the checkpoint (and the page)."""


class ChoiceList(OptionList):
    """Options by number: one to choose (enter submits), or several to mark with space.

    The first option is highlighted before the learner has done anything, so a single choice
    is made by a number or by moving with the arrows (the choice follows the highlight), never
    by the starting highlight; enter with nothing chosen says what to do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", show=False),
        Binding("enter", "submit", "Submit"),
        *NUMBER_KEYS,
    ]

    def __init__(self, texts: Sequence[str], several: bool, **kwargs: Any) -> None:
        self.texts, self.several = list(texts), several
        self.marked: set[int] = set()
        self.nudged = False  # a note says what to do; it goes once the learner does it
        super().__init__(*[self._prompt(i) for i in range(len(self.texts))], **kwargs)

    def nudge(self, text: str, timeout: float) -> None:
        self.nudged = True
        self.notify(text, timeout=timeout)

    def _done_nudging(self) -> None:
        if self.nudged:
            self.nudged = False
            self.app.clear_notifications()

    def _prompt(self, index: int) -> Text:
        marked = index in self.marked
        box = ("[x]" if marked else "[ ]") if self.several else ("(•)" if marked else "( )")
        return Text(f"{box} {index + 1}. {self.texts[index]}", style="bold" if marked else "")

    def _mark(self, index: int) -> None:
        if self.several:
            self.marked ^= {index}
        else:
            self.marked = {index}
        for i in range(len(self.texts)):
            self.replace_option_prompt_at_index(i, self._prompt(i))
        self._done_nudging()

    def action_pick(self, number: int) -> None:
        if number <= len(self.texts):
            self.highlighted = number - 1
            self._mark(number - 1)

    def action_mark(self) -> None:  # not `toggle`: DOMNode.action_toggle flips an attribute
        if self.highlighted is not None:
            self._mark(self.highlighted)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._follow()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._follow()

    def _follow(self) -> None:
        if not self.several and self.highlighted is not None:
            self._mark(self.highlighted)

    def action_submit(self) -> None:
        if not self.marked:
            self.nudge(
                "Nothing marked yet: press each right option's number (or ↑↓ and space), "
                "then enter."
                if self.several
                else "Nothing chosen yet: press an option's number (or ↑↓ to it), then enter.",
                timeout=4,
            )
            return
        self.post_message(Answered(frozenset(self.marked)))


class PointList(ChoiceList):
    """An open answer's key points, to tick the ones made. Making none is an answer too (it
    scores 0): 0 says so at once, and enter with nothing ticked asks once, then takes it."""

    def __init__(self, texts: Sequence[str], **kwargs: Any) -> None:
        super().__init__(texts, several=True, **kwargs)

    BINDINGS: ClassVar[list[BindingType]] = [Binding("0", "none", "None made", show=False)]
    NONE_ASK = "No point ticked: enter again if you made none (it scores 0)."  # fits a toast

    def action_none(self) -> None:
        self.marked = set()
        self._answer()

    def action_submit(self) -> None:
        if self.marked or self.nudged:  # nudged: enter with nothing ticked asked once already
            self._answer()
            return
        self.nudge(self.NONE_ASK, timeout=6)

    def _answer(self) -> None:
        self._done_nudging()  # answered now: the question would linger
        self.post_message(Answered(frozenset(self.marked)))


class OrderList(OptionList):
    """Items to put in order: space picks one up, the arrows carry it, space puts it down."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "grab", "Pick up/put down"),
        Binding("shift+up,K", "carry(-1)", "Move up", show=False),
        Binding("shift+down,J", "carry(1)", "Move down", show=False),
        Binding("enter", "submit", "Submit"),
    ]

    def __init__(self, items: Sequence[str], start: Sequence[int], **kwargs: Any) -> None:
        self.items, self.order = list(items), list(start)
        self.grabbed = False
        super().__init__(*[self._prompt(p) for p in range(len(self.order))], **kwargs)

    def _prompt(self, position: int) -> Text:
        carried = self.grabbed and position == self.highlighted
        mark = "⇅ " if carried else "  "
        return Text(
            f"{mark}{position + 1}. {self.items[self.order[position]]}",
            style="reverse bold" if carried else "",
        )

    def _redraw(self) -> None:
        for position in range(len(self.order)):
            self.replace_option_prompt_at_index(position, self._prompt(position))

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed
        self._redraw()

    def action_carry(self, step: int) -> None:
        here = self.highlighted
        there = (here or 0) + step
        if here is None or not 0 <= there < len(self.order):
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.highlighted = there
        self._redraw()

    def action_cursor_up(self) -> None:
        if self.grabbed:
            self.action_carry(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.grabbed:
            self.action_carry(1)
        else:
            super().action_cursor_down()

    def action_submit(self) -> None:
        self.grabbed = False
        self._redraw()
        self.post_message(Answered(list(self.order)))


class LineList(OptionList):
    """The lines of a snippet: go to the wrong one with the arrows or its number, then enter
    (a number alone only moves there, so the enter that follows cannot choose a fix unseen)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "This line"), *NUMBER_KEYS]

    class Picked(Message):
        def __init__(self, line: int) -> None:
            super().__init__()
            self.line = line

    def __init__(self, lines: Sequence[str], **kwargs: Any) -> None:
        width = len(str(len(lines)))
        super().__init__(
            *[Text(f"{n:>{width}} │ {line}") for n, line in enumerate(lines, 1)], **kwargs
        )
        self.count = len(lines)

    def action_pick(self, number: int) -> None:
        if number <= self.count:
            self.highlighted = number - 1

    def action_submit(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Picked(self.highlighted + 1))


class AnswerInput(Input):
    """A typed number or shape; enter submits, escape hands the keys back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Leave", show=False)]

    def action_leave(self) -> None:
        self.post_message(Left())


SUBMIT_KEY = "ctrl+s"  # free everywhere in the app (ctrl+enter does not reach most terminals)


class OpenAnswerArea(TextArea):
    """A typed interview answer over as many lines as it needs: enter starts a new line,
    ctrl+s submits it, escape hands the keys back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(SUBMIT_KEY, "submit", "Submit"),  # in the footer: enter only starts a new line
    ]

    class Revealed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def action_submit(self) -> None:
        self.post_message(self.Revealed(self.text))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.post_message(Left())
            return
        await super()._on_key(event)
