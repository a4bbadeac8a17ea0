"""`broadsheet serve [CORPUS]`: the reader in a web browser, served by textual-serve."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..core.inert import inert_line
from .options import add_corpus_options, add_entities_option

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def add_parser(subparsers: Any) -> None:
    """Register `serve`."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the reader to a web browser (this machine only, unless --host says so)",
        description=(
            "Serve the reader over HTTP with textual-serve: each browser tab that opens the "
            "page gets its own reader. By default only this machine can connect."
        ),
    )
    add_corpus_options(parser, positional=True)
    add_entities_option(parser)
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )  # fmt: skip
    parser.add_argument(
        "--public-url", metavar="URL",
        help=(
            "the address browsers use to reach the server (default: http://HOST:PORT, or this "
            "machine's name when HOST is 0.0.0.0 or ::)"
        ),
    )  # fmt: skip
    parser.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """True when only this machine can reach the address."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for an address that means "every interface", which no browser can connect to."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def public_url(host: str, port: int, given: str | None = None) -> str:
    """The address the page tells the browser to connect back to (its websocket too).

    A server listening on 0.0.0.0 is reached by this machine's name, never by 0.0.0.0.
    """
    if given:
        return given.rstrip("/")
    if is_wildcard(host):
        host = socket.getfqdn() or "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def reader_command(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: this Python's Broadsheet reader."""
    words = [sys.executable, "-m", "tui", "read", str(Path(args.corpus).resolve())]
    if args.index_dir is not None:
        words += ["--index-dir", str(Path(args.index_dir).resolve())]
    if args.day_first:
        words.append("--day-first")
    if args.entities:
        words += ["--entities", args.entities]
    return shlex.join(words)


def page_templates() -> Path:
    """Our page template: textual-serve's own loads its font from Google's servers."""
    return Path(str(files("tui").joinpath("web")))


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    if not Path(args.corpus).is_dir():
        print(f"broadsheet: no such folder: {inert_line(str(args.corpus))}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"broadsheet: warning: serving on {inert_line(args.host)}: anyone who can reach "
            f"port {args.port} there can read this corpus (there is no password).",
            file=sys.stderr,
        )
    if not 0 < args.port < 65536:
        print(f"broadsheet: not a port: {args.port}", file=sys.stderr)
        return 2
    from textual_serve.server import Server  # loaded only to serve

    server = Server(
        reader_command(args),
        host=args.host,
        port=args.port,
        title="Broadsheet",
        public_url=public_url(args.host, args.port, args.public_url),
        templates_path=page_templates(),
    )
    server.serve()
    return 0
