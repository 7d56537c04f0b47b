"""Keyboards every flow uses: the 0-10 pain scale, yes / no / not sure, and rows of choices."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations import callbacks
from locales import _


def choices(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def pain_scale(flow: str, action: str, *args: object) -> InlineKeyboardMarkup:
    """The 0-10 scale as 11 buttons (0-5 and 6-10); the score is the last callback argument."""

    def button(score: int) -> tuple[str, str]:
        return str(score), callbacks.make(flow, action, *args, score)

    return choices([[button(n) for n in range(0, 6)], [button(n) for n in range(6, 11)]])


def yes_no_unsure(flow: str, action: str, *args: object) -> InlineKeyboardMarkup:
    """Yes / No / Not sure; the answer (`yes`, `no`, `not_sure`) is the last callback argument."""
    return choices(
        [
            [
                (_("Yes"), callbacks.make(flow, action, *args, "yes")),
                (_("No"), callbacks.make(flow, action, *args, "no")),
                (_("Not sure"), callbacks.make(flow, action, *args, "not_sure")),
            ]
        ]
    )
