"""`python -m tutor serve [--host 127.0.0.1] [--port 8000] [--open]`: the app in a browser."""

from __future__ import annotations

import argparse
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

WARNING = (
    "WARNING: tutor is served on {host}, beyond this machine. Anyone who can reach port {port} "
    "and has the token can use the app and run lesson code as you. Share the address only with "
    "people you trust."
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="open the course in a web browser (textual-serve)",
        description="Serve the app to a web browser: every tab runs its own app on the same "
        "progress. Binds 127.0.0.1 unless --host says otherwise; any other address needs the "
        "token printed at start.",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    serve.add_argument("--open", action="store_true", help="open the page in your browser")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from tutor.paths import data_dir
    from tutor.serve.server import TutorServer, is_loopback, new_token
    from tutor.store import Store, StoreError

    folder = data_dir(args.data_dir)
    try:
        # Create and migrate the database once here, so tabs opened together find it ready.
        store = Store.open(folder)
    except StoreError as error:
        print(f"tutor serve: {error}", file=sys.stderr)
        return 1
    if store.warning:
        print(f"tutor serve: {store.warning}", file=sys.stderr)
    store.close()
    token = None
    if not is_loopback(args.host):
        token = new_token()
        print(WARNING.format(host=args.host, port=args.port), file=sys.stderr)
    return TutorServer(folder, args.host, args.port, token).run(open_browser=args.open)
