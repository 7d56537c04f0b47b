"""Every language stays within Telegram's limits: 4,096 characters a message, 1,024 a caption (an exercise card
goes out as its animation's caption), 64 bytes of callback data a button.

Rendered here as the bot renders them, in each language: every message of the catalogue on its own, the longest
messages the bot composes from several (each card at its top dose, each lesson, /help, the safety checklist, the
advice for every screening outcome in every country we know), and every keyboard the flows build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from telegram import InlineKeyboardMarkup

from coach.catalogue import load_catalogue
from coach.emergency import NUMBERS_BY_COUNTRY, numbers_for
from coach.lessons import LESSONS
from coach.screening import CHECKLIST, RED_FLAG_QUESTIONS, Decision, decision_advice
from conversations import callbacks, checklists, keyboards, language, lessons, onboarding_asks, schedule_pickers
from conversations.kit import CAPTION_LIMIT, fits_caption
from conversations.texts import common, session
from conversations.texts import lessons as lesson_texts
from locales import Language, _, speaking
from locales.extract import POT

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<[^>]*>")


def telegram_length(text: str) -> int:
    """What Telegram counts: UTF-16 units of the text once its HTML is parsed."""
    return len(html.unescape(_TAG.sub("", text)).encode("utf-16-le")) // 2


def composed() -> Iterator[str]:
    """The longest messages the bot puts together from several catalogue messages."""
    yield common.help_text()
    yield onboarding_asks.checklist_text()
    for lesson in LESSONS:
        yield lesson_texts.lesson_text(lesson)
        if lesson.more:
            yield lesson_texts.more_text(lesson)
    for country in (None, *NUMBERS_BY_COUNTRY):
        for decision in Decision:
            for has_programme in (True, False):
                yield decision_advice(decision, numbers_for(country), has_programme=has_programme)


def cards() -> Iterator[str]:
    """Every exercise card at its top dose, as the caption under its animation."""
    for exercise in load_catalogue():
        yield session.item(exercise, exercise.top, 19, 19, warmup=False, easier=True)


def markups() -> Iterator[InlineKeyboardMarkup]:
    """Every keyboard the flows build (the ones whose labels are texts of the catalogue)."""
    yield language.markup()
    yield keyboards.yes_no_unsure(callbacks.Prefix.ONBOARDING, "q", RED_FLAG_QUESTIONS[0].id)
    yield keyboards.pain_scale(callbacks.Prefix.SESSION, "hscore", 2**62, 63)
    yield onboarding_asks.checklist_markup(frozenset(question.id for question in CHECKLIST))
    yield onboarding_asks.ready_markup()
    yield checklists.equipment_markup(callbacks.Prefix.SETTINGS, ())
    for flow in (callbacks.Prefix.ONBOARDING, callbacks.Prefix.SETTINGS):
        yield schedule_pickers.days_markup(flow, range(7))
        yield schedule_pickers.few_days_markup(flow)
        yield schedule_pickers.time_markup(flow)
        yield schedule_pickers.zone_markup(flow, "America/Argentina/ComodRivadavia")
        yield schedule_pickers.zone_confirm_markup(flow)
    for lesson in LESSONS:
        yield lessons.lesson_buttons(lesson)
        yield lessons.lesson_buttons(lesson, first_part=False)


@pytest.mark.parametrize("language_", list(Language), ids=str)
def test_every_message_fits_in_one_telegram_message(language_: Language) -> None:
    with POT.open("rb") as source:
        messages = [message.id for message in read_po(source) if isinstance(message.id, str) and message.id]
    with speaking(language_):
        singles = [_(message) for message in messages]
        too_long = [text[:60] for text in (*singles, *composed()) if telegram_length(text) > MESSAGE_LIMIT]
    assert too_long == []


@pytest.mark.parametrize("language_", list(Language), ids=str)
def test_every_exercise_card_fits_in_a_caption(language_: Language) -> None:
    with speaking(language_):
        too_long = [(telegram_length(card), card.splitlines()[0]) for card in cards() if not fits_caption(card)]
    assert too_long == [], f"over {CAPTION_LIMIT}"


@pytest.mark.parametrize("language_", list(Language), ids=str)
def test_every_button_has_a_label_and_at_most_64_bytes_of_callback_data(language_: Language) -> None:
    with speaking(language_):
        buttons = [button for markup in markups() for row in markup.inline_keyboard for button in row]
    assert buttons
    assert [b.text for b in buttons if not b.text.strip()] == []
    assert [b.callback_data for b in buttons if len(str(b.callback_data).encode()) > callbacks.MAX_BYTES] == []

