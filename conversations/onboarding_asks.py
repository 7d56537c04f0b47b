"""How each onboarding question looks: its text and buttons (``conversations.onboarding`` sends them).

One function per kind of question, from the plain :class:`usecases.onboarding.Next` the use case returns: the
welcome's doctor check, a cauda equina question (one per message, Yes / No / Not sure), the checklist of the
other warning signs (one message: the items in full in the text, a toggle button each, "None of these" or
Done: ``conversations.checklists``), the pain scale, experience, the first-session offer, the equipment
checklist and the schedule pickers shared with /settings. The words are ``conversations/texts/onboarding.py``'s.

Callback data (prefix ``ob``): ``ob:doc:yes|no``, ``ob:q:<question id>:<answer>``, ``ob:rf:<item id>`` (a
checklist item toggled), ``ob:rfend:none|done``, ``ob:pain:<0-10>``, ``ob:exp:<level>``, ``ob:ready:later``
(beside the session flow's ``sess:start``), ``ob:kit:<kit>``, ``ob:kitend:none|done``, and the schedule
pickers' (``conversations.schedule_pickers``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from telegram import InlineKeyboardMarkup

from coach.screening import CAUDA_EQUINA_QUESTIONS, CHECKLIST, DOCTOR_QUESTION, Question
from conversations import callbacks, checklists, keyboards, schedule_input
from conversations import schedule_pickers as pickers
from conversations.texts import onboarding as texts
from locales import _
from usecases.onboarding import Next, Step
from usecases.settings import Settings

FLOW = "ob"
SESSION_START = callbacks.make("sess", "start")  # handled by the session flow
ITEM, ITEM_END = "rf", "rfend"
#: The screen as the user counts it: each cauda equina question, then the checklist as one question.
SCREEN_TOTAL = len(CAUDA_EQUINA_QUESTIONS) + 1


def question(upcoming: Next, now: datetime, default_zone: str) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of the question ``upcoming`` asks."""
    if upcoming.question is not None:
        return screen_question(upcoming.question, upcoming.ticked)
    days, zone = upcoming.settings.days, upcoming.settings.timezone or default_zone
    asks: dict[Step, Callable[[], tuple[str, InlineKeyboardMarkup]]] = {
        Step.DOCTOR: lambda: (_(texts.DOCTOR).format(question=_(DOCTOR_QUESTION)), _two("doc",
            _(texts.DOCTOR_YES), _(texts.DOCTOR_NOT_YET))),
        Step.PAIN: lambda: (_(texts.PAIN_QUESTION), keyboards.pain_scale(FLOW, "pain")),
        Step.EXPERIENCE: lambda: (_(texts.EXPERIENCE_QUESTION), _experience_markup()),
        Step.READY: lambda: (ready_text(upcoming.settings), ready_markup()),
        Step.EQUIPMENT: lambda: (
            _(texts.EQUIPMENT_QUESTION), checklists.equipment_markup(FLOW, upcoming.settings.equipment or ())
        ),
        Step.DAYS: lambda: (pickers.days_text(days), pickers.days_markup(FLOW, days)),
        Step.TIME: lambda: (_(texts.TIME_QUESTION), pickers.time_markup(FLOW)),
        Step.ZONE: lambda: (_(texts.ZONE_QUESTION), pickers.zone_markup(FLOW, default_zone)),
        Step.ZONE_CONFIRM: lambda: (pickers.zone_confirm_text(now, zone), pickers.zone_confirm_markup(FLOW)),
    }
    return asks[upcoming.step]()


def screen_question(asked: Question, ticked: frozenset[str]) -> tuple[str, InlineKeyboardMarkup]:
    """A cauda equina question with Yes / No / Not sure, or the checklist (any of its items is open)."""
    if asked in CAUDA_EQUINA_QUESTIONS:
        number = CAUDA_EQUINA_QUESTIONS.index(asked) + 1
        text = _(texts.SCREEN_QUESTION).format(number=number, total=SCREEN_TOTAL, text=_(asked.text))
        return text, keyboards.yes_no_unsure(FLOW, "q", asked.id)
    return checklist_text(), checklist_markup(ticked)


def checklist_text() -> str:
    """The checklist message: every item in full, numbered like its button."""
    items = "\n".join(_(texts.CHECKLIST_ITEM).format(number=n, text=_(q.text)) for n, q in enumerate(CHECKLIST, 1))
    body = _(texts.CHECKLIST_QUESTION).format(items=items)
    return _(texts.SCREEN_QUESTION).format(number=SCREEN_TOTAL, total=SCREEN_TOTAL, text=body)


def checklist_markup(ticked: frozenset[str]) -> InlineKeyboardMarkup:
    """A toggle per item (ticked ones marked), then None of these or Done."""
    items = [
        (q.id, _(texts.CHECKLIST_LABEL).format(number=n, label=_(q.label)), callbacks.make(FLOW, ITEM, q.id))
        for n, q in enumerate(CHECKLIST, 1)
    ]
    ends = (callbacks.make(FLOW, ITEM_END, "none"), callbacks.make(FLOW, ITEM_END, "done"))
    return checklists.markup(items, ticked, ends)


def _two(action: str, yes: str, no: str) -> InlineKeyboardMarkup:
    return keyboards.choices([[(yes, callbacks.make(FLOW, action, "yes")), (no, callbacks.make(FLOW, action, "no"))]])


def _experience_markup() -> InlineKeyboardMarkup:
    return keyboards.choices([[(_(label), callbacks.make(FLOW, "exp", key))] for key,
        label in texts.EXPERIENCE_CHOICES])


def ready_text(chosen: Settings) -> str:
    """The programme is set: the first session now, or later."""
    return _(texts.READY).format(gentle=_(texts.READY_GENTLE) if chosen.gentle_only else "")


def ready_markup() -> InlineKeyboardMarkup:
    later = callbacks.make(FLOW, "ready", "later")
    return keyboards.choices([[(_(texts.START_NOW), SESSION_START)], [(_(texts.LATER), later)]])


def summary_text(chosen: Settings) -> str:
    """The end of onboarding: the schedule as chosen."""
    return _(texts.SUMMARY).format(
        days=schedule_input.format_days(chosen.days),
        time=html.escape(chosen.reminder_time or ""),
        zone=html.escape(chosen.timezone or ""),
        level=_(texts.SUMMARY_LEVEL),
        gentle=_(texts.SUMMARY_GENTLE) if chosen.gentle_only else "",
    )
