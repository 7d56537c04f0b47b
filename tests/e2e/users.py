"""Users for end-to-end tests: onboarded through the chat as a person would (:func:`onboard` and its parts, the
one place the onboarding conversation is spelled out for every test), or written straight into the test's
SQLite database through the repositories.

`add_onboarded_user` makes a user who finished onboarding and was cleared (doctor check "yes", screening
"clear"), so session, check-in and /pain tests do not depend on the onboarding flow; `add_flagged_user` gives
a user an open red flag, raised the way the flows raise it (``usecases.lock.raise_flag``). Call it after the bot
started (the bot migrates the database at start-up); SQLite's WAL mode lets the test write beside it.
`query` reads rows back with plain sqlite3; `bring_forward` makes a scheduled reminder row due now (in the SQLite
file, or in any database given by URL, such as a PostgreSQL one shared by several bot processes).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from botapi_emulator import ChatUser
from coach.records import CheckinContext
from coach.screening import CAUDA_EQUINA_QUESTIONS, CHECKLIST
from locales import language_of
from storage.database import Database
from storage.models import PainCheckin
from storage.repositories import profiles, progress, reminders, users
from usecases.lock import raise_flag


def database_path(tmp_path: Path) -> Path:
    """The SQLite file the `bot_env` fixture gives the bot."""
    return tmp_path / "backcoach.db"


def add_onboarded_user(
    db_file: Path | str,
    user_id: int,
    *,
    first_name: str = "Alice",
    timezone: str = "Europe/London",
    days: Iterable[int] = range(7),
    reminder_time: str = "18:00",
    doctor_check: str = "yes",
    baseline_pain: int = 2,
    since: datetime | None = None,
    language_code: str = "en",
) -> None:
    """An onboarded, cleared user with a profile (timezone, days, time, doctor check, screening clear),
    onboarded ``since`` (now by default), speaking the language of ``language_code`` (their Telegram's).
    ``db_file``: the SQLite file, or a database URL."""
    asyncio.run(
        _add(
            db_file, user_id, first_name, timezone, tuple(days), reminder_time, doctor_check, baseline_pain, since,
            language_code,
        )
    )


async def _add(
    db_file: Path | str, user_id: int, first_name: str, timezone: str, days: tuple[int, ...], time: str,
    doctor_check: str, baseline_pain: int, since: datetime | None = None, language_code: str = "en",
) -> None:
    now = since or datetime.now(UTC)
    db = Database(db_file if isinstance(db_file, str) else f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await users.record_seen(
                session, user_id=user_id, chat_id=user_id, first_name=first_name, language_code=language_code,
                now=now, language=language_of(language_code).value,
            )
            await profiles.update_profile(
                session, user_id, now=now, consent_at=now, timezone=timezone, training_days=days,
                reminder_time=time, doctor_check=doctor_check, doctor_check_at=now, screening_outcome="clear",
                screened_at=now, baseline_pain=baseline_pain, level=1, level_since=now.date(), onboarded_at=now,
                onboarding_step="done",
            )
    finally:
        await db.dispose()


def add_flagged_user(db_file: Path, user_id: int, question_ids: tuple[str, ...], *, onboarded: bool = True) -> None:
    """A user with an open red flag for ``question_ids``, raised now the way the flows raise it (an onboarded,
    cleared user first when ``onboarded`` and the user is new)."""
    asyncio.run(_add_flagged(db_file, user_id, question_ids, onboarded))


async def _add_flagged(db_file: Path, user_id: int, question_ids: tuple[str, ...], onboarded: bool) -> None:
    if onboarded and not query(db_file, "select 1 from users where id = ?", user_id):
        await _add(db_file, user_id, "Alice", "Europe/London", tuple(range(7)), "18:00", "yes", 2)
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await raise_flag(session, user_id, question_ids, source="test", now=datetime.now(UTC))
    finally:
        await db.dispose()


def add_progress(db_file: Path, user_id: int, changes: dict[str, dict[str, Any]]) -> None:
    """Progress rows for the user, `{track: {"exercise_id": ..., "reps": ...}}` (as `upsert_progress` takes)."""
    asyncio.run(_add_progress(db_file, user_id, changes))


async def _add_progress(db_file: Path, user_id: int, changes: dict[str, dict[str, Any]]) -> None:
    db = Database(f"sqlite:///{db_file}")
    try:
        async with db.session() as session:
            await progress.upsert_progress(session, user_id, changes, now=datetime.now(UTC))
    finally:
        await db.dispose()


def query(db_file: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Rows of a read-only query against the bot's database."""
    with sqlite3.connect(db_file) as connection:
        return list(connection.execute(sql, args).fetchall())


def bring_forward(db: Path | str, user_id: int, kind: str, seconds: float = 1.0) -> datetime | None:
    """Make the user's ``kind`` reminder fire ``seconds`` from now; its scheduled time before (UTC), or None.

    ``db``: the bot's SQLite file, or a database URL."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    return asyncio.run(_bring_forward(url, user_id, kind, seconds))


async def _bring_forward(url: str, user_id: int, kind: str, seconds: float) -> datetime | None:
    db = Database(url)
    try:
        async with db.session() as session:
            row = await reminders.get_reminder(session, user_id, kind)
            if row is None or not row.enabled or row.next_fire_at is None:
                return None
            scheduled, now = row.next_fire_at, datetime.now(UTC)
            await reminders.upsert_reminder(
                session, user_id=user_id, kind=kind, next_fire_at=now + timedelta(seconds=seconds), now=now,
                payload=row.payload,
            )
            return scheduled
    finally:
        await db.dispose()


def age_onboarding_pain(db: Path | str, user_id: int, by: timedelta = timedelta(hours=1)) -> None:
    """Make onboarding's "pain right now" answer ``by`` older, so the next session asks its own starting pain
    (within ``coach.rules.ONBOARDING_PAIN_STILL_CURRENT`` the first session takes it instead).

    ``db``: the bot's SQLite file, or a database URL."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    asyncio.run(_age_onboarding_pain(url, user_id, by))


async def _age_onboarding_pain(url: str, user_id: int, by: timedelta) -> None:
    db = Database(url)
    try:
        async with db.session() as session:
            statement = select(PainCheckin).where(
                col(PainCheckin.user_id) == user_id, col(PainCheckin.context) == CheckinContext.ONBOARDING
            )
            for row in (await session.exec(statement)).all():
                row.recorded_at -= by
                session.add(row)
    finally:
        await db.dispose()


def answer_starting_pain(user: ChatUser, score: str = "2") -> None:
    """A new session's intro asks the pain right now before the first card: tap ``score``."""
    user.wait_reply(lambda e: e["kind"] == "message" and "right now" in (e.get("text") or ""))
    user.press(score)


def start_today(user: ChatUser, score: str = "2") -> None:
    """/today on a day with no session yet: the intro, the starting pain tapped, then the first card comes."""
    user.say("/today")
    answer_starting_pain(user, score)


# ------------------------------------------------------------------------- onboarding through the chat ---

#: The safety questions as the user counts them: each cauda equina question, then the checklist.
CE_TOTAL = len(CAUDA_EQUINA_QUESTIONS)
SCREEN_TOTAL = CE_TOTAL + 1


def is_text(fragment: str) -> Callable[[dict[str, Any]], bool]:
    """A message (not an edit) whose text contains ``fragment``."""
    return lambda event: event["kind"] == "message" and fragment in (event.get("text") or "")


def said(user: ChatUser, fragment: str, timeout: float = 15.0) -> dict[str, Any]:
    """The next message from the bot containing ``fragment`` (edits and button answers are skipped)."""
    return user.wait_reply(lambda e: e["kind"] == "message" and fragment in (e.get("text") or ""), timeout)


def buttons_of(event: dict[str, Any]) -> list[str]:
    markup = event.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def buttons_under(user: ChatUser, message_id: int) -> list[str]:
    """The buttons the bot's message ``message_id`` shows now (after any edit)."""
    return next(buttons_of(m) for m in user.client.messages(user.id) if m["message_id"] == message_id)


def forge_press(user: ChatUser, message_id: int, data: str) -> str:
    """A press of ``data`` under the bot's message ``message_id``, whatever its buttons say (a modified client);
    the pop-up it got."""
    user.client.press(user.id, message_id, data, forged=True)
    return str(user.client.wait_for(user.id, "callback_answer")[-1].get("text") or "")


def start_to_doctor(user: ChatUser) -> dict[str, Any]:
    """/start: the welcome, which asks the doctor question at once (returned)."""
    user.say("/start")
    return said(user, "talked to a doctor or physiotherapist")


def answer_cauda_equina(
    user: ChatUser, answers: dict[int, str] | None = None, *, first_shown: bool = False, start_at: int = 1,
    stop_after: int = CE_TOTAL,
) -> None:
    """Answer the cauda equina questions ``start_at`` to ``stop_after`` "No", except those given by number
    (1-based) in ``answers``. ``first_shown``: the first of them was already read from the chat."""
    chosen = answers or {}
    for number in range(start_at, stop_after + 1):
        if number > start_at or not first_shown:
            said(user, f"Safety question {number} of {SCREEN_TOTAL}")
        user.press(chosen.get(number, "No"))


def item_label(item_id: str) -> str:
    """A checklist item's button label ("3. Antibiotics in the last 6 weeks")."""
    number, item = next((n, q) for n, q in enumerate(CHECKLIST, 1) if q.id == item_id)
    return f"{number}. {item.label}"


def answer_checklist(user: ChatUser, ticks: Sequence[str] = (), *, shown: bool = False) -> None:
    """The checklist: tick the items ``ticks`` (ids), each tick waited for, then Done; none: "None of these"."""
    if not shown:
        said(user, f"Safety question {SCREEN_TOTAL} of {SCREEN_TOTAL}")
    for item_id in ticks:
        user.press(item_label(item_id))
        ticked = f"✓ {item_label(item_id)}"
        user.wait_reply(lambda e, ticked=ticked: e["kind"] == "edit" and ticked in str(e.get("reply_markup")))
    user.press("✅ Done" if ticks else "None of these")


def answer_screen(user: ChatUser, answers: dict[int, str] | None = None, **kwargs: Any) -> None:
    """The whole screen with no flag but ``answers`` (cauda equina, by number): each "No", then None of these."""
    answer_cauda_equina(user, answers, **kwargs)
    answer_checklist(user)


def onboard_to_ready(user: ChatUser, doctor: str = "Yes", pain: str = "3") -> dict[str, Any]:
    """From /start to the first-session offer, with no flag (returned)."""
    start_to_doctor(user)
    user.press(doctor)
    answer_screen(user)
    said(user, "How much does your back hurt right now")
    user.press(pain)
    said(user, "How much exercise do you usually do")
    user.press("I exercise sometimes")
    return said(user, "Your programme is ready")


def pick_days(user: ChatUser, *labels: str) -> None:
    for label in labels:
        user.press(label)
        ticked = f"✓ {label}"
        user.wait_reply(lambda e, ticked=ticked: e["kind"] == "edit" and ticked in str(e.get("reply_markup")))
    user.press("Done")


def onboard_to_days(user: ChatUser, doctor: str = "Yes") -> None:
    """To the first-session offer, "Later", no equipment: the training-days question."""
    onboard_to_ready(user, doctor)
    user.press("Later")
    said(user, "Which of these do you have at home")
    user.press("None of these")
    said(user, "Which days would you like to train")


def onboard(user: ChatUser, doctor: str = "Yes") -> dict[str, Any]:
    """A whole onboarding with buttons ("Later" for the first session): Mon, Wed, Fri, Sat at 07:00 in London.
    Returns the summary."""
    onboard_to_days(user, doctor)
    pick_days(user, "Mon", "Wed", "Fri", "Sat")
    said(user, "What time should I remind you")
    user.press("07:00")
    said(user, "Which timezone are you in")
    user.press("London")
    said(user, "where you are (Europe/London). Right?")
    user.press("Yes, that's right")
    return said(user, "You're all set")


def profile_row(tmp_path: Path, user_id: int) -> dict[str, Any]:
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        db.row_factory = sqlite3.Row
        row = db.execute("select * from profiles where user_id = ?", (user_id,)).fetchone()
    assert row is not None, "no profile row"
    return dict(row)


def reminder_row(tmp_path: Path, user_id: int) -> dict[str, Any] | None:
    with sqlite3.connect(tmp_path / "backcoach.db") as db:
        db.row_factory = sqlite3.Row
        row = db.execute("select * from reminders where user_id = ? and kind = 'session'", (user_id,)).fetchone()
    return None if row is None else dict(row)


def wait_for_state(tmp_path: Path, user_id: int, state: str, timeout: float = 10.0) -> None:
    """Wait until onboarding's pending question is ``state`` (stored before the question is sent)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(tmp_path / "backcoach.db") as db:
            row = db.execute(
                "select question from pending_questions where flow = 'onboarding' and user_id = ?", (user_id,)
            ).fetchone()
        if row is not None and row[0] == state:
            return
        time.sleep(0.05)
    raise AssertionError(f"pending question {state!r} not saved")
