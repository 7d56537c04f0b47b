"""The user's language, end to end: a Russian user gets Russian everywhere; /language switches mid-onboarding.

The journeys press buttons by their translated labels (looked up here in the same catalogues the bot uses), so
a label the bot left in English is not found and the test fails by name.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from botapi_emulator import ChatUser, EmulatorClient
from coach.catalogue import load_catalogue
from coach.screening import CAUDA_EQUINA_QUESTIONS, DOCTOR_QUESTION, PAIN_RECHECK_QUESTIONS
from conversations.texts import common as common_texts
from conversations.texts import flare as flare_texts
from conversations.texts import language as language_texts
from conversations.texts import lessons as lesson_texts
from conversations.texts import lock as lock_texts
from conversations.texts import measures as measures_texts
from conversations.texts import mydata as mydata_texts
from conversations.texts import onboarding as onboarding_texts
from conversations.texts import progress as progress_texts
from conversations.texts import reminders as reminder_texts
from conversations.texts import report as report_texts
from conversations.texts import session as session_texts
from conversations.texts import settings as settings_texts
from locales import Language, _, speaking
from tests.e2e.test_reminders import good_fortnight, reminder_due_in
from tests.e2e.users import add_flagged_user, add_onboarded_user, buttons_under, database_path, forge_press, query
from tests.support.process import BotProcess

_TAG = re.compile(r"<[^>]+>")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
#: Words that are the same in every language: the bot's name, commands, and the units and ids shown as they are.
_ANY_LANGUAGE = re.compile(r"BackCoach|/[a-z_]+|PEG-3|PSFS|https?://\S+|[A-Za-z]+/[A-Za-z_]+")


def tr(message: str, language: Language) -> str:
    """``message`` as the bot shows it in ``language``."""
    with speaking(language):
        return _(message)


def fragment(message: str, language: Language) -> str:
    """The longest piece of the translated ``message`` with no placeholder or tag: found in what the bot says."""
    pieces = re.split(r"\{[^}]*\}|\n", _TAG.sub("\n", tr(message, language)))
    return max((piece.strip() for piece in pieces), key=len)


def shows(message: str, language: Language) -> Callable[[dict[str, Any]], bool]:
    """A new message (text or caption) containing ``message`` in ``language``."""
    piece = fragment(message, language)
    return lambda event: event["kind"] == "message" and piece in (event.get("text") or event.get("caption") or "")


def offers(label: str) -> Callable[[dict[str, Any]], bool]:
    """A new message with a button labelled ``label``."""
    return lambda event: event["kind"] == "message" and label in _labels(event)


def _labels(event: dict[str, Any]) -> list[str]:
    markup = event.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def latin_only_lines(messages: Iterable[dict[str, Any]], allowed: set[str]) -> list[str]:
    """Every line of the bot's messages and every button label with a word in Latin letters (``allowed``: words
    shown as they are, such as equipment names)."""
    found = []
    for message in messages:
        if message["sender"] != "bot":
            continue
        body = _TAG.sub(" ", message.get("text") or message.get("caption") or "")
        for line in [*body.splitlines(), *_labels(message)]:
            words = _LATIN_WORD.findall(_ANY_LANGUAGE.sub(" ", line))
            if [word for word in words if word.lower() not in allowed]:
                found.append(line)
    return found


def equipment_words() -> set[str]:
    return {word.lower() for card in load_catalogue() for phrase in card.equipment for word in phrase.split()}


def test_a_russian_user_is_answered_in_russian_from_onboarding_to_progress(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    ru, lang = ChatUser(client, 3001, first_name="Ирина", language_code="ru"), Language.RU
    ru.say("/start")
    ru.wait_reply(shows(DOCTOR_QUESTION, lang))
    ru.press(tr(onboarding_texts.DOCTOR_YES, lang))
    for _question in CAUDA_EQUINA_QUESTIONS:
        ru.wait_reply(offers(tr("Not sure", lang)))
        ru.press(tr("No", lang))
    ru.wait_reply(offers(tr(onboarding_texts.NONE_OF_THESE, lang)))
    ru.press(tr(onboarding_texts.NONE_OF_THESE, lang))
    ru.wait_reply(offers("10"))
    ru.say("11")  # typed, and off the scale: why, in Russian
    ru.wait_reply(shows("The scale goes from {low} to {high}. {example}", lang))
    ru.press("3")
    ru.wait_reply(offers(tr(onboarding_texts.EXPERIENCE_CHOICES[1][1], lang)))
    ru.press(tr(onboarding_texts.EXPERIENCE_CHOICES[1][1], lang))
    ru.wait_reply(offers(tr(onboarding_texts.START_NOW, lang)))
    ru.press(tr(onboarding_texts.START_NOW, lang))
    ru.wait_reply(offers(tr(session_texts.HURTS, lang)))  # the warm-up's first card
    ru.press(tr(session_texts.DONE, lang))
    ru.wait_reply(offers(tr(session_texts.HURTS, lang)))
    ru.press(tr(session_texts.HURTS, lang))
    ru.wait_reply(shows(session_texts.HURT_ASK_KIND, lang))
    ru.press(tr(session_texts.HURT_KIND_BUTTONS[0][2], lang))  # a dull ache
    ru.wait_reply(offers(tr(session_texts.HURT_SKIP_SCORE, lang)))
    ru.press("3")
    ru.wait_reply(offers(tr(session_texts.END_SESSION, lang)))
    ru.press(tr(session_texts.END_SESSION, lang))
    ru.wait_reply(offers("10"))  # the pain right now
    ru.press("2")
    ru.wait_reply(shows(onboarding_texts.EQUIPMENT_QUESTION, lang))
    ru.say("/pain")
    ru.wait_reply(offers("10"))
    ru.press("4")
    for _question in PAIN_RECHECK_QUESTIONS:
        ru.wait_reply(offers(tr("Not sure", lang)))
        ru.press(tr("No", lang))
    ru.wait_reply(offers(tr(flare_texts.REST, lang)))
    ru.press(tr(flare_texts.REST, lang))
    ru.wait_reply(shows(flare_texts.REST_TEXT, lang))
    ru.say("/progress")
    ru.wait_reply(lambda event: event["kind"] == "photo")
    ru.say("/help")
    ru.wait_reply(shows(common_texts.HELP_HEADER, lang))
    assert query(database_path(tmp_path), "select language, language_code from users") == [("ru", "ru")]
    untranslated = latin_only_lines(client.messages(ru.id), equipment_words())
    assert untranslated == [], "\n".join(untranslated)
    menus = {entry["language_code"]: entry["commands"] for entry in client.command_menus()}
    assert sorted(menus) == ["", "de", "es", "ru"]  # English for everyone, and one menu per other language
    assert all(_CYRILLIC.search(command["description"]) for command in menus["ru"])


def test_a_german_user_switches_to_english_mid_onboarding_and_carries_on_at_the_same_question(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    de = ChatUser(client, 3002, first_name="Jonas", language_code="de-AT")
    de.say("/start")
    de.wait_reply(shows(DOCTOR_QUESTION, Language.DE))
    de.press(tr(onboarding_texts.DOCTOR_YES, Language.DE))
    de.wait_reply(offers(tr("Not sure", Language.DE)))
    de.press(tr("No", Language.DE))
    second = de.wait_reply(offers(tr("Not sure", Language.DE)))  # the second safety question, in German
    assert tr(CAUDA_EQUINA_QUESTIONS[1].text, Language.DE) in second["text"]
    de.say("/language")
    choice = de.wait_reply(shows(language_texts.QUESTION, Language.DE))
    assert _labels(choice) == ["English", "Español", "Deutsch", "Русский"]
    de.press("English")
    de.wait_reply(shows(language_texts.CHOSEN, Language.EN))
    again = de.wait_reply(offers("Not sure"))  # the same question, now in English
    assert CAUDA_EQUINA_QUESTIONS[1].text in again["text"]
    popup = forge_press(de, choice["message_id"], "rem:snooze:20000101")  # an old reminder's button, forged
    assert popup == common_texts.STALE_BUTTON  # in English
    asked = de.wait_reply(offers("Not sure"))  # the question still being asked, in English
    assert CAUDA_EQUINA_QUESTIONS[1].text in asked["text"]
    assert buttons_under(de, again["message_id"]) == ["Yes", "No", "Not sure"]  # its buttons kept
    de.press("No")
    third = de.wait_reply(offers("Not sure"))
    assert CAUDA_EQUINA_QUESTIONS[2].text in third["text"]
    assert query(database_path(tmp_path), "select language, language_code from users") == [("en", "de-AT")]


def test_reminders_settings_lessons_check_up_report_export_and_the_lock_are_russian(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    db, lang = database_path(tmp_path), Language.RU
    ru = ChatUser(client, 3003, first_name="Ольга", language_code="ru")
    add_onboarded_user(db, ru.id, first_name="Ольга", timezone="Europe/Moscow", language_code="ru")
    client.register_users([ru.id])
    reminder_due_in(db, ru.id, 1)
    ru.wait_reply(shows(reminder_texts.SESSION, lang), timeout=30)
    ru.press(tr(reminder_texts.SNOOZE, lang))
    ru.wait_reply(shows(reminder_texts.SNOOZED, lang))
    good_fortnight(db, ru.id)  # the weekly summary, with the next level offered
    ru.wait_reply(shows(reminder_texts.WEEKLY, lang), timeout=30)
    for command, expected in (
        ("/status", progress_texts.STATUS_TITLE), ("/settings", settings_texts.MENU),
        ("/learn", lesson_texts.LIST_TITLE), ("/checkup", measures_texts.INTRO),
    ):
        ru.say(command)
        ru.wait_reply(shows(expected, lang))
    ru.say("/cancel")
    ru.wait_reply(shows(common_texts.CANCELLED, lang))
    ru.say("/report")
    report = ru.wait_reply(lambda event: event["kind"] == "document")
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(client.file_bytes(report["file_id"]))).pages)
    assert fragment(report_texts.TITLE, lang) in pdf and "Ольга" in pdf
    ru.say("/export")
    export = ru.wait_reply(lambda event: event["kind"] == "document")
    summary = json.loads(client.file_bytes(export["file_id"]))
    assert tr(mydata_texts.SUMMARY_SETTINGS, lang) in json.dumps(summary, ensure_ascii=False)
    assert [row["language"] for row in summary["tables"]["users"]] == ["ru"]
    add_flagged_user(db, ru.id, ("ce_bladder",))
    ru.say("/today")
    lock = ru.wait_reply(shows(lock_texts.REPORTED_INTRO, lang))
    assert "112" in lock["text"] and tr(lock_texts.REPORTED["ce_bladder"], lang) in lock["text"]
    untranslated = latin_only_lines(client.messages(ru.id), equipment_words())
    assert untranslated == [], "\n".join(untranslated)


def test_language_as_the_very_first_command_works_and_start_follows_the_choice(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, tmp_path: Path
) -> None:
    start_bot()
    new = ChatUser(client, 3004, first_name="Lucía", language_code="es-MX")
    new.say("/language")
    new.wait_reply(shows(language_texts.QUESTION, Language.ES))
    new.press("Русский")
    new.wait_reply(shows(language_texts.CHOSEN, Language.RU))
    new.say("/start")
    new.wait_reply(shows(DOCTOR_QUESTION, Language.RU))
    assert query(database_path(tmp_path), "select language, language_code from users") == [("ru", "es-MX")]
