"""The web server: textual-serve's, with a guard in front and no request to a third party.

textual-serve starts the app command in a new process for every browser websocket, so every tab
is its own app on the same data directory. It has no authentication, and anything that can open
the websocket can run lesson code, so `guard` decides who gets through:

- bound to a loopback address, only requests naming a loopback host pass (a DNS-rebinding page
  names its own host) and a websocket must come from this page's own origin (a page on another
  site may open websockets to 127.0.0.1 and browsers do not stop it);
- bound to anything else, every request also needs the token: in the URL (`?token=...`), which
  sets a cookie, or in that cookie, which the page's own requests and websocket then carry.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import re
import secrets
import shlex
import signal
import sys
import webbrowser
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# textual-serve's page asks a font service for Roboto Mono; the package ships the font itself.
_FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_LOCAL_FONT = (
    "<style>@font-face { font-family: 'Roboto Mono'; "
    "src: url('{static}fonts/RobotoMono-VariableFont_wght.ttf'); }</style>"
)


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(data_dir: Path) -> str:
    """The shell command textual-serve runs for each tab: this Python, this data directory."""
    return shlex.join([sys.executable, "-m", "tutor", "--data-dir", str(data_dir)])


def new_token() -> str:
    """A secret for the URL, as Jupyter's: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


class TutorServer(Server):
    """textual-serve's server, guarded, with URLs taken from the request rather than the bind.

    Bound to 0.0.0.0, textual-serve would hand the browser `ws://0.0.0.0:PORT/ws`; the page's
    own address is the one that works from wherever it was opened.
    """

    def __init__(self, data_dir: Path, host: str, port: int, token: str | None) -> None:
        super().__init__(app_command(data_dir), host=host, port=port, title="tutor")
        self.token = token
        self.cookie_name = f"tutor-token-{port}"  # one per port: servers on one host coexist
        self._sockets: set[web.WebSocketResponse] = set()

    # -- who may come in -------------------------------------------------------------------

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.token is None and not is_loopback(request.url.host or ""):
            raise web.HTTPForbidden(text="tutor serve: this server answers to localhost only.\n")
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin and origin != f"{request.scheme}://{request.host}":
            raise web.HTTPForbidden(text="tutor serve: websocket from another site refused.\n")
        if self.token is None:
            return await handler(request)
        in_url = request.query.get("token", "")
        given = in_url or request.cookies.get(self.cookie_name, "")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise web.HTTPForbidden(
                text="tutor serve: open the address with ?token=... that the server printed.\n"
            )
        response = await handler(request)
        if in_url and not response.prepared:
            response.set_cookie(self.cookie_name, self.token, httponly=True, samesite="Strict")
        return response

    # -- the page ----------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """textual-serve's page, pointed at the address it was opened from, fonts served here."""
        base = f"{request.scheme}://{request.host}"
        static = f"{base}{request.app.router['static'].url_for(filename='/')}".rstrip("/") + "/"
        websocket = ("wss:" if request.scheme == "https" else "ws:") + base.split(":", 1)[1] + "/ws"
        font_size = request.query.get("fontsize", "16")
        context = {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": websocket,
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }
        page = aiohttp_jinja2.render_string("app_index.html", request, context)
        page = _FONT_LINK.sub(_LOCAL_FONT.replace("{static}", static), page)
        return web.Response(text=page, content_type="text/html")

    # -- running -----------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: `_run` prints the address once the port is bound (textual-serve's banner
        names the bind address, which is no use to open, and never the token)."""

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        self._sockets.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self._sockets.discard(websocket)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's websocket, so its app is told to quit now.

        textual-serve leaves them open, and the server then waits out its shutdown timeout.
        """
        closing = [
            socket.close(code=WSCloseCode.GOING_AWAY, message=b"tutor serve stopped")
            for socket in list(self._sockets)
        ]
        await asyncio.gather(*closing, return_exceptions=True)

    def url(self, host: str | None = None) -> str:
        """The address to open: with the token when there is one."""
        shown = host or ("127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host)
        if ":" in shown:
            shown = f"[{shown}]"
        query = f"/?token={self.token}" if self.token else "/"
        return f"http://{shown}:{self.port}{query}"

    def run(self, open_browser: bool = False) -> int:
        """Serve until ctrl+c or SIGTERM; every tab's app is told to quit on the way out."""
        self.initialize_logging()
        return asyncio.run(self._run(open_browser))

    async def _run(self, open_browser: bool) -> int:
        app = await self._make_app()
        app.middlewares.append(self.guard)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            print(f"tutor serve: cannot listen on {self.host}:{self.port}: {error.strerror}")
            return 1
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers
                loop.add_signal_handler(signum, stop.set)
        print(f"tutor is served at {self.url()}  (ctrl+c stops it)", flush=True)
        if self.host in ("0.0.0.0", "::"):
            print("From another machine, use this machine's address in place of 127.0.0.1.")
        if open_browser:
            webbrowser.open(self.url())
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
        return 0
