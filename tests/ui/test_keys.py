"""One key table (docs/keys.md), equal to the bindings, and one meaning per key (issue 13, item 14).

The help screen and docs/keys.md are both built by `tutor.ui.help` from the bindings, so a key
changed in code and not in the docs fails here; a key given a second meaning fails below.
"""

from __future__ import annotations

from pathlib import Path

from tutor.ui.app import TutorApp
from tutor.ui.help import help_sections, keys_markdown

DOC = Path(__file__).parents[2] / "docs" / "keys.md"

# Keys used in several places, each with the one meaning it has in all of them.
SHARED_MEANINGS = {
    "⏎": "the place's main action: open, next step, submit, show the answer",
    "space": "next step / show the answer / mark an option",
    "esc": "back: leave the editor, the field or the screen",
    "q": "quit",
    "e": "edit the code",
    "ctrl+r": "run or check the code",
    "ctrl+g": "stop the running code or training",
    "i": "the interview drill",
    "1": "choose the first option (rating, level)",
    "2": "choose the second option",
    "3": "choose the third option",
    "4": "choose the fourth option",
    "1-9": "choose an option or line by number; tick a key point made",
    "0": "none of an interview answer's key points made",
    "n": "next (step; skip to the next drill question; no, stay)",
    "y": "yes",
    "ctrl+s": "submit a typed answer",
    "v": "card stats, and back from them",
    "l": "lessons: continue them (home), pick which (cards)",
    "h": "home (from Cards and the Sandbox)",
}
# The sandbox is another helper's; where its letters mean something else, this lists them.
SANDBOX_CLASHES = {"e", "a", "r", "t", "space", "⏎", "esc", "1", "2", "3", "4", "←", "→"}


def split_keys(keys: str) -> list[str]:
    return [key for key in keys.split(" / ") if key]


def test_docs_keys_table_is_the_bindings(tmp_path):
    table = keys_markdown(TutorApp(tmp_path))
    assert table in DOC.read_text(), "docs/keys.md's table differs from the bindings:\n" + table


def test_one_key_one_meaning_outside_the_sandbox(tmp_path):
    meanings: dict[str, set[str]] = {}
    for place, rows in help_sections(TutorApp(tmp_path)):
        if place in ("Sandbox", "In the code editor"):
            continue
        for keys, description in rows:
            for key in split_keys(keys):
                meanings.setdefault(key, set()).add(f"{place}: {description}")
    several = {key: places for key, places in meanings.items() if len(places) > 1}
    assert set(several) <= set(SHARED_MEANINGS), {
        key: places for key, places in several.items() if key not in SHARED_MEANINGS
    }


def test_the_sandbox_clashes_are_the_known_ones(tmp_path):
    sections = dict(help_sections(TutorApp(tmp_path)))
    sandbox = {key for keys, _ in sections.pop("Sandbox") for key in split_keys(keys)}
    sections.pop("In the code editor")
    elsewhere = {key for rows in sections.values() for keys, _ in rows for key in split_keys(keys)}
    assert sandbox & elsewhere - {"h"} <= SANDBOX_CLASHES  # h: home, as in Cards
