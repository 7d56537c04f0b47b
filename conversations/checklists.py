"""The one checklist keyboard and the equipment checklist, which onboarding and /settings share.

A checklist is one message with a toggle button per item (a tick shows when it is on), "None of these" while
nothing is ticked and Done once something is (``keyboards``-style rows of label and callback data). The
red-flag checklist (onboarding) and the equipment checklist (onboarding and /settings) are drawn by
:func:`markup`. The equipment checklist's presses are ``<flow>:kit:<band|weights|bench>`` (stored at once through
``usecases.settings``, the checklist redrawn in place) and ``<flow>:kitend:none|done``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from telegram import InlineKeyboardMarkup, Update

from coach.equipment import Kit
from conversations import callbacks, keyboards
from conversations.context import services
from conversations.kit import Context, answer_press, pressed, replace_buttons, user_id
from conversations.texts import onboarding as texts
from locales import _, in_sentence
from usecases import settings

KIT, KIT_END = "kit", "kitend"


def markup(
    items: Sequence[tuple[str, str, str]], ticked: Collection[str], end: tuple[str, str]
) -> InlineKeyboardMarkup:
    """One row per item (key, label, callback data), "✓ label" when ticked; then "None of these" (nothing
    ticked) or Done (something ticked). ``end``: the callback data of None of these and of Done."""
    rows = [[(_(texts.TICKED).format(label=label) if key in ticked else label, data)] for key, label, data in items]
    rows.append([(_(texts.CHECKLIST_DONE), end[1]) if ticked else (_(texts.NONE_OF_THESE), end[0])])
    return keyboards.choices(rows)


def equipment_markup(flow: str, owned: Collection[Kit]) -> InlineKeyboardMarkup:
    """The equipment checklist under ``flow``'s prefix."""
    items = [(key, _(label), callbacks.make(flow, KIT, key)) for key, label in texts.EQUIPMENT_ITEMS]
    ends = (callbacks.make(flow, KIT_END, "none"), callbacks.make(flow, KIT_END, "done"))
    return markup(items, {kit.value for kit in owned}, ends)


def equipment_words(owned: Collection[Kit]) -> str:
    """What the user has, in words ("nothing extra" for none)."""
    names = [in_sentence(_(label).split(" (")[0]) for key, label in texts.EQUIPMENT_ITEMS if Kit(key) in owned]
    return ", ".join(names) if names else _(texts.EQUIPMENT_NONE)


async def toggle_equipment_press(update: Update, context: Context, flow: str) -> frozenset[Kit] | None:
    """A kind of equipment tapped: stored at once, the checklist redrawn in place; None for a malformed press."""
    press = pressed(update)
    key = press.arg(0) if press else None
    if key not in {kit.value for kit in Kit}:
        await answer_press(update, _(texts.EQUIPMENT_HINT))
        return None
    svc = services(context)
    owned = await settings.toggle_equipment(svc.db, user_id(update), Kit(str(key)), svc.clock())
    await answer_press(update)
    await replace_buttons(update, equipment_markup(flow, owned))
    return owned


def equipment_end(update: Update) -> str | None:
    """The end pressed: "none" or "done"; None for a malformed press."""
    press = pressed(update)
    choice = press.arg(0) if press else None
    return choice if choice in ("none", "done") else None
