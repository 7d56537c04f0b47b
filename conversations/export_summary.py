"""The readable half of /export: what a person (or their clinician) reads first, above the raw rows.

Named days, each safety question with its wording and the answer, sessions by date with what happened and the
exercises by name, pain scores with when they were given. The raw rows of every table follow it in the same
file (``tables``), complete, so nothing is lost by the summary's choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach.catalogue import load_catalogue
from coach.lessons import lesson_by_id
from coach.schedule import DAYS_IN_WEEK
from coach.screening import RED_FLAG_QUESTIONS, RETIRED_QUESTIONS
from conversations.session import card_position
from conversations.texts import mydata as texts
from locales import _, day_name
from storage.values import ExerciseResultKind, SessionStatus

Rows = Sequence[Mapping[str, Any]]


def readable(tables: Mapping[str, Rows]) -> dict[str, Any]:
    """The summary of an export's tables, in plain words."""
    profile = tables.get("profiles", [{}])[0] if tables.get("profiles") else {}
    return {
        _(texts.SUMMARY_SETTINGS): _settings(profile),
        _(texts.SUMMARY_SAFETY): _safety(tables.get("screening_answers", [])),
        _(texts.SUMMARY_SESSIONS): _sessions(tables.get("session_logs", []), tables.get("exercise_results", [])),
        _(texts.SUMMARY_PAIN): [_pain(row) for row in tables.get("pain_checkins", [])],
        _(texts.SUMMARY_LESSONS): [_lesson(row) for row in tables.get("lessons_read", [])],
    }


def _lesson(row: Mapping[str, Any]) -> dict[str, Any]:
    lesson = lesson_by_id(str(row.get("lesson_id")))
    return {_("lesson"): _(lesson.title) if lesson else row.get("lesson_id"), _("read"): row.get("read_at")}


def _pain(row: Mapping[str, Any]) -> dict[str, Any]:
    context = str(row.get("context"))
    what = _(texts.PAIN_CONTEXT.get(context, context))
    return {_("when"): row.get("recorded_at"), _("what"): what, _("score"): row.get("score")}


def _settings(profile: Mapping[str, Any]) -> dict[str, Any]:
    days = [int(d) for d in str(profile.get("training_days") or "").split(",") if d.strip().isdigit()]
    return {
        _("training days"): [day_name(d) for d in days if 0 <= d < DAYS_IN_WEEK],
        _("reminder time"): profile.get("reminder_time"),
        _("timezone"): profile.get("timezone"),
        _("usual pain (0-10)"): profile.get("baseline_pain"),
        _("equipment at home"): profile.get("equipment"),
        _("level"): profile.get("level"),
    }


def _safety(answers: Rows) -> list[dict[str, Any]]:
    wording = {question.id: _(question.text) for question in RED_FLAG_QUESTIONS + RETIRED_QUESTIONS}
    return [
        {
            _("question"): wording.get(str(row.get("question_id")), row.get("question_id")),
            _("answer"): _(texts.ANSWER_WORDS.get(str(row.get("answer")), str(row.get("answer")))),
            _("when"): row.get("answered_at"),
        }
        for row in answers
    ]


def _name(exercise_id: Any) -> Any:
    """An exercise's name (an id no longer in the catalogue stays as it is)."""
    catalogue = load_catalogue()
    return _(catalogue[exercise_id].name) if isinstance(exercise_id, str) and exercise_id in catalogue else exercise_id


def _sessions(logs: Rows, results: Rows) -> list[dict[str, Any]]:
    def item(row: Mapping[str, Any]) -> dict[str, Any]:
        result = str(row.get("result"))
        return {_("exercise"): _name(row.get("exercise_id")), _("result"): _(texts.RESULT_WORDS.get(result, result))}

    ordered = sorted(results, key=lambda r: r.get("position") or 0)
    return [
        {
            _("date"): log.get("local_date"),
            _("what happened"): _what_happened(log, [r for r in ordered if r.get("session_id") == log.get("id")]),
            _("exercises"): [item(r) for r in ordered if r.get("session_id") == log.get("id")],
        }
        for log in logs
    ]


def _what_happened(log: Mapping[str, Any], results: Rows) -> Any:
    """The session's status in words; a session stopped for pain says at which exercise."""
    status = str(log.get("status"))
    words = _(texts.SESSION_STATUS.get(status, status))
    plan, hurt = log.get("plan"), [r for r in results if r.get("result") == ExerciseResultKind.HURT]
    if status != SessionStatus.STOPPED_PAIN or not hurt or not isinstance(plan, list):
        return words
    last = hurt[-1]
    position = int(last.get("position") or 0)
    if not 0 <= position < len(plan):
        return words
    number, total = card_position(plan, position)
    return _(texts.STOPPED_AT).format(status=words, exercise=_name(last.get("exercise_id")), number=number, total=total)
