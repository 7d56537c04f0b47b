"""The red-flag lock's texts and which updates go through its guard (conversations.lock)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from telegram import Update

from coach.screening import RED_FLAG_QUESTIONS, RETIRED_QUESTIONS
from conversations import lock
from conversations.texts import lock as texts


def update_of(text: str | None = None, data: str | None = None) -> Update:
    user = {"id": 7, "is_bot": False, "first_name": "A"}
    chat = {"id": 7, "type": "private"}
    message: dict[str, Any] = {"message_id": 1, "date": 0, "chat": chat, "from": user, "text": text or ""}
    if data is None:
        return Update.de_json({"update_id": 1, "message": message}, None)
    query = {"id": "q", "from": user, "chat_instance": "c", "data": data, "message": message}
    return Update.de_json({"update_id": 1, "callback_query": query}, None)


def test_every_safety_question_can_be_told_back_as_what_the_user_reported() -> None:
    assert {q.id for q in RED_FLAG_QUESTIONS + RETIRED_QUESTIONS} <= set(texts.REPORTED)
    shown = texts.reported_list(("ce_saddle", "inf_fever"), date(2026, 12, 1))
    assert shown.startswith("On 1 December 2026 you told me about:")
    assert texts.REPORTED["ce_saddle"] in shown and texts.REPORTED["inf_fever"] in shown


@pytest.mark.parametrize("text", ["/help", "/export", "/delete", "/stop", "/HELP", "/stop@BackCoachBot", "/help me"])
def test_help_export_delete_and_stop_go_through_a_lock(text: str) -> None:
    assert lock._goes_through(update_of(text))


@pytest.mark.parametrize("text", ["/start", "/today", "/pain", "/resume", "/settings", "/screen", "/cancel", "7", "/"])
def test_everything_else_typed_meets_the_lock(text: str) -> None:
    assert not lock._goes_through(update_of(text))


@pytest.mark.parametrize(("data", "through"), [
    ("del:yes:123:456", True), ("ob:clr:yes:4", True), ("sess:start", False), ("rem:start:2026-12-01", False),
    ("pain:rest", False), ("ob:q:ce_saddle:no", False), ("garbage", False),
])
def test_only_the_delete_and_onboarding_buttons_go_through_a_lock(data: str, through: bool) -> None:
    assert lock._goes_through(update_of(data=data)) is through
