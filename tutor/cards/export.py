"""The deck as an Anki package (.apkg) with genanki.

The model and deck ids are fixed and each note's GUID comes from its card id, so importing a
newer export into Anki updates the notes already there instead of adding copies.
"""

from __future__ import annotations

import html
from pathlib import Path

import genanki

from tutor.cards.deck import Flashcard

# Fixed forever: Anki recognises the note type and the deck by these ids.
MODEL_ID = 1_732_409_617
DECK_ID = 1_732_409_703
DECK_NAME = "tutor: neural networks with the Sequential API"

FIELDS = ("Front", "Back", "Code", "Diagram", "Lesson")
CSS = """
.card { font-family: sans-serif; font-size: 18px; text-align: left; }
pre { font-family: monospace; font-size: 15px; background: #f4f4f4; padding: 6px; }
.lesson { color: #888; font-size: 13px; }
"""
BACK_TEMPLATE = """{{FrontSide}}<hr id="answer">{{Back}}
{{#Code}}<pre><code>{{Code}}</code></pre>{{/Code}}
{{#Diagram}}<pre>{{Diagram}}</pre>{{/Diagram}}
<div class="lesson">{{Lesson}}</div>"""

MODEL = genanki.Model(
    MODEL_ID,
    "tutor card",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": BACK_TEMPLATE}],
    css=CSS,
)


def note_for(card: Flashcard) -> genanki.Note:
    """One note; every field is escaped text, so code like `a < b` shows as written."""
    fields = [
        _text(card.front)
        + (f"<pre>{html.escape(card.front_code)}</pre>" if card.front_code else ""),
        _text(card.back),
        html.escape(card.code),
        html.escape(card.diagram),
        html.escape(card.lesson_id or card.source),
    ]
    tags = ["tutor", *card.tags]
    if card.lesson_id:
        tags.append(f"lesson::{card.lesson_id}")
    return genanki.Note(model=MODEL, fields=fields, tags=tags, guid=genanki.guid_for(card.id))


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def export_apkg(cards: list[Flashcard], path: Path) -> int:
    """Write `cards` to `path` as an Anki package; returns how many notes it holds."""
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in cards:
        deck.add_note(note_for(card))
    genanki.Package(deck).write_to_file(str(path))
    return len(cards)
