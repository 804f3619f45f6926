"""`python -m tutor cards [stats | export FILE.apkg | settings]`: revision in the app, or headless.

Plain `cards` keeps the top-level handler, which opens the app at the place named by the command
(`tutor.cli._open_app`): a domain package may not import the UI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.store import Store


def add_parser(commands: argparse._SubParsersAction) -> None:
    cards = commands.add_parser("cards", help="flashcard revision (stats, export to Anki)")
    actions = cards.add_subparsers(dest="cards_command", metavar="ACTION")
    stats = actions.add_parser("stats", help="print reviews per day, retention, cards, what is due")
    stats.set_defaults(handler=_stats)
    export = actions.add_parser("export", help="write the deck as an Anki package")
    export.add_argument("file", metavar="FILE.apkg", help="where to write the package")
    export.set_defaults(handler=_export)
    settings = actions.add_parser("settings", help="show or change the scheduling settings")
    settings.add_argument(
        "--retention", type=float, help="desired retention, 0.7 to 0.99 (default 0.9)"
    )
    settings.add_argument("--new-per-day", type=int, help="new cards a day (default 20)")
    settings.set_defaults(handler=_settings)


def _open_store(args: argparse.Namespace) -> Store:
    from tutor.paths import data_dir
    from tutor.store import Store

    return Store.open(data_dir(args.data_dir))


def _stats(args: argparse.Namespace) -> int:
    import plotext

    from tutor.cards.deck import load_deck
    from tutor.cards.stats import compute_stats, draw_reviews_chart, summary_lines

    with _open_store(args) as store:
        stats = compute_stats(store, load_deck(store))
    draw_reviews_chart(plotext, stats)
    plotext.plotsize(min(plotext.terminal_width() or 80, 80), 15)
    plotext.theme("clear")
    chart = plotext.build()
    print(chart if sys.stdout.isatty() else plotext.uncolorize(chart))
    print("\n".join(summary_lines(stats)))
    return 0


def _export(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix != ".apkg":
        return _fail(f"the export file must end in .apkg, as Anki expects (got {args.file!r})")
    if not path.parent.is_dir():
        return _fail(f"cannot write {args.file}: the folder {str(path.parent)!r} does not exist")

    from tutor.cards.deck import load_deck
    from tutor.cards.export import export_apkg

    with _open_store(args) as store:
        deck = load_deck(store)
    try:
        count = export_apkg(deck, path)
    except OSError as error:
        return _fail(f"cannot write {args.file}: {error.strerror or error}")
    print(f"Wrote {count} cards to {path}. In Anki: File > Import (a re-export updates them).")
    return 0


def _settings(args: argparse.Namespace) -> int:
    from tutor.cards import schedule

    with _open_store(args) as store:
        try:
            if args.retention is not None:
                schedule.set_desired_retention(store, args.retention)
            if args.new_per_day is not None:
                schedule.set_new_per_day(store, args.new_per_day)
        except schedule.SettingError as error:
            return _fail(str(error))
        retention, new = schedule.desired_retention(store), schedule.new_per_day(store)
    print(f"desired retention {retention}, new cards per day {new}")
    return 0


def _fail(message: str) -> int:
    print(f"tutor cards: {message}", file=sys.stderr)
    return 2
