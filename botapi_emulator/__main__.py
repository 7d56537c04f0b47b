"""Run the emulator as its own process: ``python -m botapi_emulator --port 8081 [--chat-burst 1 ...]``.

Prints the base URL for PTB (``TELEGRAM_BASE_URL``) and the control URL, then serves until Ctrl+C.
A rate of ``none`` (or ``0``) disables that limit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from botapi_emulator.server import BotApiEmulator

__all__ = ["main"]


def _rate(value: str) -> float | None:
    return None if value.lower() in ("none", "off", "0") else float(value)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m botapi_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--global-rate", type=_rate, default=30.0, help="messages/s overall (none = off)")
    parser.add_argument("--global-burst", type=int, default=30)
    parser.add_argument("--chat-rate", type=_rate, default=1.0, help="messages/s per chat (none = off)")
    parser.add_argument("--chat-burst", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each Bot API request")
    parser.add_argument("--token", default=None, help="accept only this bot token")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(
        host=args.host,
        port=args.port,
        global_rate=args.global_rate,
        global_burst=args.global_burst,
        chat_rate=args.chat_rate,
        chat_burst=args.chat_burst,
        latency=args.latency,
        token=args.token,
    )
    await emulator.start()
    print(f"Bot API emulator: base_url {emulator.base_url}  control {emulator.control_url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
