"""Local mode: the bot, the project's Bot API emulator and a chat in this terminal, all in one process.

`make run` without `TELEGRAM_BOT_TOKEN` lands here. Nothing leaves the machine: PTB talks to the emulator on
127.0.0.1 through its real HTTP stack (updates through the durable inbox, ``bot.inbox``, as in polling
mode), and this module plays the Telegram app: it types what you type, presses the buttons you pick by
number, and prints what the bot sends. Logs go to `data/local-mode.log`.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.app import announce_commands, build_application, close_database, shelve_pictures, stop_background
from bot.inbox import INBOX_KEY, Poller
from bot.running import replay_when_possible
from bot.settings import Settings
from bot.terminal import Keyboard, to_plain
from botapi_emulator import AsyncEmulatorClient, BotApiEmulator

LOCAL_TOKEN = "1000000001:local-mode-token-not-a-secret"
LOCAL_USER_ID = 4242
FILES_DIR = Path("data/local-files")
QUIT_WORDS = ("/quit", "/exit")
#: Files the bot sends, saved under FILES_DIR and shown by their path: what each is called in the chat.
FILE_KINDS = {"photo": "a photo", "animation": "an animation", "document": "a file"}
BANNER = """\
BackCoach local mode: you are chatting with the bot through a built-in Telegram emulator.
Type a message and press Enter. Buttons appear as [1], [2]... (or [a], [b]... when they show numbers
themselves, like times): type the number or letter to press one.
Type /start to begin (like pressing START in Telegram), /quit or Ctrl+D to leave.
"""


def run_local(settings: Settings) -> int:
    """Run local mode until the user quits."""
    try:
        asyncio.run(_run(settings))
    except KeyboardInterrupt:
        pass
    print("\nBye! Your progress is saved in the database.")
    return 0


async def _run(settings: Settings) -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    application = build_application(settings, token=LOCAL_TOKEN, base_url=emulator.base_url)
    try:
        async with application:
            await announce_commands(application)
            await application.start()
            shelve_pictures(application)
            box = application.bot_data[INBOX_KEY]
            await replay_when_possible(box)
            emulator.engine.queue.number_after(await box.last_update_id())  # the emulator counts from 1 again
            polling = asyncio.get_running_loop().create_task(Poller(application, box).run())
            client = AsyncEmulatorClient(emulator.control_url)
            chat = TerminalChat(client, first_name=_local_name(), language_code=settings.local_language)
            await chat.run()
            polling.cancel()
            await asyncio.gather(polling, return_exceptions=True)
            await stop_background(application)
            await application.stop()
            await box.stop()
            await close_database(application)
    finally:
        await emulator.stop()


def _local_name() -> str:
    name = getpass.getuser()
    return "Friend" if not name or name == "root" else name.capitalize()


class TerminalChat:
    """Plays the Telegram app for one user: reads lines, presses buttons, prints what the bot sends."""

    def __init__(
        self,
        client: AsyncEmulatorClient,
        *,
        first_name: str,
        language_code: str = "en",
        user_id: int = LOCAL_USER_ID,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.client = client
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code  # as the user's Telegram app would send it
        self.stdin = stdin or sys.stdin
        self.out = stdout or sys.stdout
        self.colour = self.out.isatty()
        self.keyboard: Keyboard | None = None
        self.keyboards: dict[int, Keyboard | None] = {}
        self.seq = 0

    async def run(self) -> None:
        """Chat until /quit or end of input."""
        self._print(BANNER)
        self._prompt()
        watcher = asyncio.create_task(self._watch())
        try:
            while True:
                line = await asyncio.get_running_loop().run_in_executor(None, self.stdin.readline)
                if not line or line.strip().lower() in QUIT_WORDS:
                    break
                if line.strip():
                    await self._act(line.strip())
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            await self.client.aclose()

    async def _act(self, typed: str) -> None:
        button = self.keyboard.choose(typed) if self.keyboard else None
        if button is None or self.keyboard is None:
            await self.client.send_text(self.user_id, typed, first_name=self.first_name,
                language_code=self.language_code)
        elif self.keyboard.inline and button.callback_data is not None:
            self._print(f"(you pressed: {button.label})")
            await self.client.press(self.user_id, self.keyboard.message_id, button.callback_data)
        else:
            await self.client.send_text(
                self.user_id, button.label, first_name=self.first_name, language_code=self.language_code
            )

    async def _watch(self) -> None:
        while True:
            try:
                events = await self.client.events(self.user_id, after=self.seq, wait=20)
            except Exception as exc:  # the emulator is in this process; report and keep going
                self._print(f"(could not read the chat: {type(exc).__name__})")
                await asyncio.sleep(1)
                continue
            for event in events:
                self.seq = max(self.seq, int(event["seq"]))
                await self._show(event)
            if events:
                self._prompt()

    async def _show(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        text = to_plain(str(event.get("text") or event.get("caption") or ""), colour=self.colour)
        if kind == "message":
            self._print(f"\nBackCoach: {text}")
            self._track_keyboard(event)
        elif kind == "edit":
            self._print(f"\nBackCoach (updated): {text}" if text else "")
            self._track_keyboard(event)
        elif kind in FILE_KINDS:
            path = await self._save_file(event)
            self._print(f"\nBackCoach sent {FILE_KINDS[kind]} (saved to {path}){': ' + text if text else ''}")
            self._track_keyboard(event)
        elif kind == "callback_answer" and text:
            self._print(f"\nBackCoach (notice): {text}")

    def _track_keyboard(self, event: dict[str, Any]) -> None:
        message_id = int(event["message_id"])
        keyboard = Keyboard.from_markup(message_id, event.get("reply_markup"))
        if event.get("kind") == "edit" and "reply_markup" not in event:
            keyboard = self.keyboards.get(message_id)
        self.keyboards[message_id] = keyboard
        if keyboard is not None:
            self._print(keyboard.render())
            self.keyboard = keyboard
        elif self.keyboard is not None and self.keyboard.message_id == message_id:
            self.keyboard = None

    async def _save_file(self, event: dict[str, Any]) -> Path:
        FILES_DIR.mkdir(parents=True, exist_ok=True)
        name = str(event.get("file_name") or f"{event.get('kind')}-{event['message_id']}")
        path = FILES_DIR / Path(name).name
        path.write_bytes(await self.client.file_bytes(str(event["file_id"])))
        return path

    def _print(self, text: str) -> None:
        if text:
            print(text, file=self.out, flush=True)

    def _prompt(self) -> None:
        print("you> ", end="", file=self.out, flush=True)
