"""The Anki package: a zip holding collection.anki2, notes keyed by card id, code escaped."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import genanki

from tutor.cards.deck import Flashcard
from tutor.cards.export import DECK_ID, MODEL_ID, export_apkg

DECK = [
    Flashcard("dense-w", "Shape of W?", "(n_in, units)", "dense", tags=("dense", "shapes")),
    Flashcard(
        "dense-code",
        "What does this print?",
        "True\nbecause 1 < 2",
        "dense",
        code='print(1 < 2 and "a" > "b" or True)',
        diagram="x ─► <Dense> ─► a",
    ),
]


def read_notes(path, tmp_path):
    with zipfile.ZipFile(path) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = conn.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        cards = conn.execute("SELECT did FROM cards").fetchall()
    finally:
        conn.close()
    return notes, decks, cards


def test_the_package_holds_one_note_per_card(tmp_path):
    path = tmp_path / "deck.apkg"
    assert export_apkg(DECK, path) == 2
    notes, decks, cards = read_notes(path, tmp_path)
    assert [guid for guid, *_ in notes] == [genanki.guid_for(card.id) for card in DECK]
    assert {mid for _, mid, *_ in notes} == {MODEL_ID}
    assert str(DECK_ID) in decks
    assert {did for (did,) in cards} == {DECK_ID}
    front, back, code, diagram, lesson = notes[1][2].split("\x1f")
    assert front == "What does this print?"
    assert back == "True<br>because 1 &lt; 2"
    assert code == "print(1 &lt; 2 and &quot;a&quot; &gt; &quot;b&quot; or True)"
    assert diagram == "x ─► &lt;Dense&gt; ─► a"
    assert lesson == "dense"
    assert notes[0][3].split() == ["tutor", "dense", "shapes", "lesson::dense"]


def test_a_re_export_keeps_the_guids(tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_apkg(DECK, first)
    edited = [DECK[0], Flashcard("dense-code", "Reworded?", "Yes", "dense")]
    export_apkg(edited, second)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    guids_first = [row[0] for row in read_notes(first, tmp_path / "one")[0]]
    notes_second = read_notes(second, tmp_path / "two")[0]
    assert [row[0] for row in notes_second] == guids_first
    assert notes_second[1][2].startswith("Reworded?")
