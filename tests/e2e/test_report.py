"""/report end to end: four weeks of a scripted user's history, built through the use cases, become one PDF.

The page opens, its text carries the key figures (who, level, sessions, an "It hurts" with its date, a red flag
and its clearance, the doctor check), and the page drawn as an image is not blank.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
from pypdf import PdfReader

from botapi_emulator import ChatUser, EmulatorClient
from coach.safety import PainKind
from conversations.texts import report as texts
from storage.database import Database
from storage.values import ExerciseResultKind
from tests.e2e.users import add_onboarded_user, database_path
from tests.support.process import BotProcess
from usecases import checkin, measures, session
from usecases.lock import clear_flags, raise_flag
from usecases.measures import Ask

ZONE_NAME = "Europe/London"
ZONE = ZoneInfo(ZONE_NAME)
TRAINING_DAYS = (0, 2, 4, 5)  # Mon, Wed, Fri, Sat


async def one_session(db: Database, user_id: int, at: datetime, *, hurt: bool) -> None:
    """A session at ``at``: the starting pain, every item done (or one that hurt), the check-in, the morning."""
    started = await session.start_session(db, user_id, at, ZONE_NAME, before=3)
    log = started.log
    assert log is not None and log.id is not None
    for index in range(len(log.plan)):
        if hurt and index == 1:
            await session.record_item(db, log, index, ExerciseResultKind.HURT, at, PainKind.DULL_ACHE_FADES)
            await session.save_hurt_score(db, log, index, 4, at)
            break
        await session.record_item(db, log, index, ExerciseResultKind.DONE, at + timedelta(minutes=index))
    await session.finish(db, log, at + timedelta(minutes=20))
    await checkin.record_worst(db, user_id, log.id, 3, at + timedelta(minutes=21))
    await checkin.record_now(db, user_id, log.id, 2, at + timedelta(minutes=22), ZONE_NAME)
    morning = datetime.combine(at.date() + timedelta(days=1), time(9), ZONE)
    await checkin.finalise_followup(db, user_id, log.id, None, morning, ZONE_NAME)


async def one_checkup(db: Database, user_id: int, at: datetime, scores: tuple[int, int, int]) -> None:
    """A PEG-3 check-up answered at ``at`` (the PSFS offer skipped)."""
    asked = await measures.start_round(db, user_id, at)
    for score in scores:
        assert isinstance(asked, Ask)
        asked = await measures.answer(db, user_id, asked, score, at, ZONE_NAME)
    if isinstance(asked, Ask):  # the first check-up offers to name an activity: skipped
        await measures.answer(db, user_id, asked, None, at, ZONE_NAME)


async def four_weeks(db_file: Path, user_id: int, first_day: datetime) -> tuple[int, datetime, datetime]:
    """Sessions on the training days of four weeks (the third one's second exercise hurt) and a red flag raised
    and cleared; (sessions done, the day it hurt, the day of the flag)."""
    db = Database(f"sqlite:///{db_file}")
    done, hurt_day = 0, None
    try:
        for offset in range(28):
            at = datetime.combine(first_day.date() + timedelta(days=offset), time(10), ZONE)
            if at.weekday() not in TRAINING_DAYS or at > datetime.now(UTC) - timedelta(days=1):
                continue
            hurt = done == 2
            hurt_day = at if hurt else hurt_day
            await one_session(db, user_id, at, hurt=hurt)
            done += 1
        for day, scores in ((1, (6, 6, 6)), (26, (3, 3, 4))):  # a check-up at the start and one near the end
            await one_checkup(db, user_id, first_day + timedelta(days=day), scores)
        flagged = first_day + timedelta(days=10)
        async with db.session() as unit:
            await raise_flag(unit, user_id, ("inf_fever",), source="pain", now=flagged)
        async with db.session() as unit:
            await clear_flags(unit, user_id, "examined by my GP, cleared", flagged + timedelta(days=2))
    finally:
        await db.dispose()
    assert hurt_day is not None
    return done, hurt_day, flagged


def test_report_of_four_weeks_is_one_readable_page_with_the_key_figures(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_bot()
    db_file = database_path(tmp_path)
    first_day = datetime.now(UTC) - timedelta(days=28)
    add_onboarded_user(db_file, alice.id, first_name="Alice Smith", timezone=ZONE_NAME, since=first_day)
    done, hurt_day, flagged = asyncio.run(four_weeks(db_file, alice.id, first_day))

    alice.say("/report")
    sent = alice.wait_reply(lambda event: event["kind"] == "document", timeout=30)
    assert sent["caption"] == texts.CAPTION
    data = client.file_bytes(sent["file_id"])
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = " ".join(reader.pages[0].extract_text().split())
    assert "For Alice ·" in page and "Smith" not in page  # first name only
    assert "Level now: 1" in page
    sessions = re.search(r"(\d+) sessions in (\d+) weeks, goal 4 a week", page)
    assert sessions is not None and int(sessions.group(1)) == done
    assert f"{texts.day_text(hurt_day.date())}: " in page and "a dull ache" in page
    assert "same-day doctor advised" in page and "Cleared on" in page and "examined by my GP" in page
    assert texts.day_text(flagged.astimezone(ZONE).date()) in page
    assert "exercise is fine: yes" in page
    assert re.search(r"PEG-3, 0-10, lower is better\): 6\.0 on \d+ \w+ → 3\.3 on \d+ \w+", page)

    image = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    dark = sum(1 for value in image.getdata() if value < 200)
    assert dark > 0.02 * image.width * image.height  # text and a chart, not an empty page


def test_report_before_set_up_points_to_start(
    start_bot: Callable[..., BotProcess], alice: ChatUser
) -> None:
    start_bot()
    alice.say("/report")
    assert alice.wait_reply()["text"] == texts.SET_UP_FIRST
