"""Red flags and their clearances: raised open, cleared with the user's words, every row kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.database import Database
from storage.repositories import red_flags, users

ALICE = 5_000_000_001


async def test_a_flag_is_open_until_cleared_and_the_clearance_keeps_both_dates_and_words(
    db: Database, now: datetime
) -> None:
    later = now + timedelta(days=3)
    async with db.session() as session:
        await users.record_seen(session, user_id=ALICE, chat_id=ALICE, first_name="A", language_code="en", now=now)
        raised = await red_flags.raise_flag(
            session, user_id=ALICE, decision="emergency_now", question_ids=["ce_saddle"], source="screening", now=now
        )
        assert [f.id for f in await red_flags.open_flags(session, ALICE)] == [raised.id]
    async with db.session() as session:
        cleared = await red_flags.clear_open_flags(session, ALICE, clearance="examined and cleared", now=later)
        assert [f.id for f in cleared] == [raised.id]
        assert await red_flags.open_flags(session, ALICE) == []
        [kept] = await red_flags.all_flags(session, ALICE)
        assert (kept.raised_at, kept.cleared_at, kept.clearance) == (now, later, "examined and cleared")
        assert kept.question_ids == "ce_saddle" and kept.decision == "emergency_now"
