"""Local mode's terminal chat with a real PTB bot: numbered buttons, typed replies."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.emulator import BotApiEmulator
from bot.emulator.terminal import Keypad, chat_in_terminal, render_event
from tests.emulator.conftest import build_app, polling  # type: ignore[import-not-found]


async def test_terminal_chat_presses_numbered_buttons(emulator: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        buttons = [[InlineKeyboardButton("Easy", callback_data="e"), InlineKeyboardButton("Hard", callback_data="h")]]
        await update.message.reply_text("How was it?", reply_markup=InlineKeyboardMarkup(buttons))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(f"Noted: {update.callback_query.data}")

    app = build_app(emulator)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    output: list[str] = []
    script = iter(["/start", "2", "/quit"])

    async def read_line() -> str | None:
        await asyncio.sleep(0.3)  # give the bot time to answer, as a human would
        return next(script, None)

    async with polling(app):
        await chat_in_terminal(emulator.control_url, user_id=3, read_line=read_line, write=output.append)
    assert "bot: How was it?" in output
    assert "     [1] Easy  [2] Hard" in output
    assert "bot (edited): Noted: h" in output


def test_keypad_and_rendering() -> None:
    keypad = Keypad()
    keypad.update({"kind": "message", "message_id": 4, "reply_markup": {"keyboard": [["0-3", "4-6"]]}})
    assert keypad.labels() == "[1] 0-3  [2] 4-6"
    assert keypad.choice("2") == {"text": "4-6"} and keypad.choice("3") is None
    keypad.update({"kind": "message", "message_id": 5, "reply_markup": {"remove_keyboard": True}})
    assert keypad.buttons == []
    assert render_event({"kind": "chat_action", "action": "typing"}) is None
    event = {"kind": "document", "file_name": "plan.pdf", "file_size": 3, "caption": "Plan"}
    assert render_event(event) == "bot sent document plan.pdf (3 bytes): Plan"
