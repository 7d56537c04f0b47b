"""The readable half of /export: what a person (or their clinician) reads first, above the raw rows.

Named days, each safety question with its wording and the answer, sessions by date with what happened and the
exercises by name, pain scores with when they were given. The raw rows of every table follow it in the same
file (``tables``), complete, so nothing is lost by the summary's choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach.catalogue import load_catalogue
from coach.screening import RED_FLAG_QUESTIONS, RETIRED_QUESTIONS
from conversations.texts import mydata as texts

Rows = Sequence[Mapping[str, Any]]


def readable(tables: Mapping[str, Rows]) -> dict[str, Any]:
    """The summary of an export's tables, in plain words."""
    profile = tables.get("profiles", [{}])[0] if tables.get("profiles") else {}
    return {
        texts.SUMMARY_SETTINGS: _settings(profile),
        texts.SUMMARY_SAFETY: _safety(tables.get("screening_answers", [])),
        texts.SUMMARY_SESSIONS: _sessions(tables.get("session_logs", []), tables.get("exercise_results", [])),
        texts.SUMMARY_PAIN: [_pain(row) for row in tables.get("pain_checkins", [])],
    }


def _pain(row: Mapping[str, Any]) -> dict[str, Any]:
    context = str(row.get("context"))
    return {"when": row.get("recorded_at"), "what": texts.PAIN_CONTEXT.get(context, context), "score": row.get("score")}


def _settings(profile: Mapping[str, Any]) -> dict[str, Any]:
    days = [int(d) for d in str(profile.get("training_days") or "").split(",") if d.strip().isdigit()]
    return {
        "training days": [texts.WEEKDAYS[d] for d in days if 0 <= d < len(texts.WEEKDAYS)],
        "reminder time": profile.get("reminder_time"),
        "timezone": profile.get("timezone"),
        "usual pain (0-10)": profile.get("baseline_pain"),
        "equipment at home": profile.get("equipment"),
        "level": profile.get("level"),
    }


def _safety(answers: Rows) -> list[dict[str, Any]]:
    wording = {question.id: question.text for question in RED_FLAG_QUESTIONS + RETIRED_QUESTIONS}
    return [
        {
            "question": wording.get(str(row.get("question_id")), row.get("question_id")),
            "answer": texts.ANSWER_WORDS.get(str(row.get("answer")), row.get("answer")),
            "when": row.get("answered_at"),
        }
        for row in answers
    ]


def _sessions(logs: Rows, results: Rows) -> list[dict[str, Any]]:
    catalogue = load_catalogue()

    def name(exercise_id: Any) -> Any:
        return catalogue[exercise_id].name if exercise_id in catalogue else exercise_id

    def item(row: Mapping[str, Any]) -> dict[str, Any]:
        result = str(row.get("result"))
        return {"exercise": name(row.get("exercise_id")), "result": texts.RESULT_WORDS.get(result, result)}

    ordered = sorted(results, key=lambda r: r.get("position") or 0)
    return [
        {
            "date": log.get("local_date"),
            "what happened": texts.SESSION_STATUS.get(str(log.get("status")), log.get("status")),
            "exercises": [item(r) for r in ordered if r.get("session_id") == log.get("id")],
        }
        for log in logs
    ]
