"""Stateless, proven (issue 12): two bot processes behind one webhook serve a user exactly as one process does.

Two real `python -m bot` processes run in webhook mode on one PostgreSQL database. The emulator knows a single
webhook URL, that of a tiny proxy in the test (`tests.support.webhook_proxy`) which hands the updates to the
processes in turn: A, B, A, B, so consecutive answers of one user land in different processes. Through it a
user goes from /start to the end of onboarding, gets a session reminder (its row brought forward; both
processes run a ticker, elected by a PostgreSQL advisory lock), does /today to the end with its pain check-in
and answers the next-morning follow-up. The same drive first runs against one process (on the same database,
as another user with the same name), and the two transcripts must read the same.

A hasty user (a double tap, weekday toggles tapped without waiting for the redraw) has two processes handle
their consecutive presses at once. Every use case that reads and then writes the user's data takes its turn
(``usecases.units.user_unit`` locks the user's row), so no question is asked twice and no tapped day is lost:
what is stored is the same as with one process. What is not yet the same is the order in which the two
processes' redraws of the days picker reach the chat: the last edit can be an older one (per-user ordering of
the handling itself is issue 14's); that half is an expected failure until then.

A process that starts while another is handling an update runs that update too (start-up replays every
unfinished one): the second's write waits for the first's row lock, and the write that finishes the update then
finds it done, so the second rolls back and says nothing. The first is held at exactly that point with the bot's
test seam ``BACKCOACH_TEST_FINISH_HOLD_FILE`` (its last unit of work open, uncommitted).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from botapi_emulator import ChatUser, EmulatorClient, render_transcript
from conversations.texts import checkin as checkin_texts
from conversations.texts import common, onboarding, session
from tests.e2e.test_checkin import finish_a_session
from tests.e2e.test_inbox_outages import FINISH_HELD, apologies, times_said
from tests.e2e.users import age_onboarding_pain, answer_screen, bring_forward, onboard, said, start_to_doctor
from tests.support.postgres import pg_rows
from tests.support.process import BotProcess, free_port
from tests.support.webhook_proxy import AlternatingProxy

WEBHOOK_PATH = "/telegram"
REMINDER = "Time for today's"
FOLLOWUP = "Is your back back"
REMINDER_WAIT = 20.0  # due in 1 s, a tick every 5 s in each process
#: Texts that mean a message reached the wrong flow, found no state, or failed.
TROUBLE = (
    common.SOMETHING_WENT_WRONG, common.STALE_BUTTON, common.FREE_TEXT, common.UNKNOWN_COMMAND, common.STILL_HERE,
    onboarding.BUTTON_HINT, onboarding.SCREEN_HINT, onboarding.ZONE_CONFIRM_HINT, session.SESSION_OVER,
    onboarding.SCREEN_ALREADY_ANSWERED, "Please use the buttons", checkin_texts.ALREADY_NOTED,
)

Deployment = tuple[AlternatingProxy, list[BotProcess]]


@contextmanager
def deployed(start_bot: Callable[..., BotProcess], url: str, count: int) -> Iterator[Deployment]:
    """``count`` bot processes in webhook mode on the database ``url``, behind one alternating proxy."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        ports += [port] if port not in ports else []
    with AlternatingProxy([f"http://127.0.0.1:{port}" for port in ports]) as proxy:
        webhook = f"{proxy.url}{WEBHOOK_PATH}"
        bots = [start_bot(DATABASE_URL=url, WEBHOOK_URL=webhook, PORT=str(port)) for port in ports]
        try:
            yield proxy, bots
        finally:
            for bot in bots:
                bot.stop()


def reminder_comes(user: ChatUser, url: str, kind: str, text: str) -> None:
    """Bring the user's ``kind`` reminder forward to now and wait until the message ``text`` arrives."""
    assert bring_forward(url, user.id, kind) is not None, f"no {kind} reminder was scheduled"
    said(user, text, timeout=REMINDER_WAIT)


def drive(user: ChatUser, url: str) -> None:
    """Onboarding, the session reminder, /today with its check-in, the next-morning follow-up: as a user would."""
    onboard(user)
    age_onboarding_pain(url, user.id)  # the session comes later than onboarding's "pain right now" stands
    reminder_comes(user, url, "session", REMINDER)
    finish_a_session(user, "2", "1")
    reminder_comes(user, url, "followup", FOLLOWUP)
    user.press("Yes")
    said(user, "handled it well")


def read_as_text(client: EmulatorClient, user: ChatUser) -> str:
    """The chat as it reads, with clock times (the local time shown at the timezone question) masked."""
    answers = [e.get("text") or "" for e in client.events(user.id) if e["kind"] == "callback_answer"]
    chat = render_transcript(client.messages(user.id)) + "\nanswers: " + " | ".join(answers)
    return re.sub(r"\b\d{1,2}:\d{2}\b", "HH:MM", chat)


def sent(client: EmulatorClient, user: ChatUser, text: str) -> int:
    """How many of the bot's messages to the user contain ``text``."""
    return sum(text in (m.get("text") or "") for m in client.messages(user.id) if m["sender"] == "bot")


def assert_stored(url: str, user: ChatUser) -> None:
    """The rows one completed onboarding, session, check-in and follow-up leave."""
    profile = pg_rows(url, "select onboarding_step, timezone from profiles where user_id = :u", u=user.id)
    assert profile == [("done", "Europe/London")]
    assert pg_rows(url, "select status, outcome from session_logs where user_id = :u", u=user.id) == [
        ("completed", "green")
    ]
    checkins = "select context, score, back_to_baseline from pain_checkins where user_id = :u order by id"
    assert pg_rows(url, checkins, u=user.id) == [
        ("onboarding", 3, None), ("before", 2, None), ("worst_during", 2, None), ("after", 1, None),
        ("next_morning", 2, True),
    ]
    deliveries = "select kind, status from deliveries where user_id = :u order by kind"
    assert pg_rows(url, deliveries, u=user.id) == [("followup", "sent"), ("session", "sent")]


def test_two_processes_behind_one_webhook_serve_a_user_as_one_process_does(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, pg_url: str
) -> None:
    alone, shared = ChatUser(client, 1001, first_name="Alice"), ChatUser(client, 1002, first_name="Alice")
    with deployed(start_bot, pg_url, 1):
        drive(alone, pg_url)
    with deployed(start_bot, pg_url, 2) as (proxy, bots):
        drive(shared, pg_url)
        assert all(count > 0 for count in proxy.forwards), proxy.forwards
        assert abs(proxy.forwards[0] - proxy.forwards[1]) <= 1, proxy.forwards
    for bot in bots:
        assert "Handler failed" not in bot.output and "Traceback" not in bot.output, bot.output
    chat = read_as_text(client, shared)
    assert not [trouble for trouble in TROUBLE if trouble in chat], chat
    assert chat == read_as_text(client, alone)
    for user in (alone, shared):
        assert (sent(client, user, REMINDER), sent(client, user, FOLLOWUP)) == (1, 1)  # two tickers, sent once
        assert_stored(pg_url, user)


def settled(answers: int, edits: int = 0, then: str = "") -> Callable[[dict[str, Any]], bool]:
    """A predicate true once, from now on, ``answers`` button presses are answered, ``edits`` messages edited
    and a message containing ``then`` has come, in any order."""
    counts = {"callback_answer": 0, "edit": 0}
    shown = [not then]

    def match(event: dict[str, Any]) -> bool:
        if event["kind"] in counts:
            counts[event["kind"]] += 1
        shown[0] = shown[0] or (event["kind"] == "message" and then in (event.get("text") or ""))
        return counts["callback_answer"] >= answers and counts["edit"] >= edits and shown[0]

    return match


def hasty_onboarding(user: ChatUser) -> None:
    """Onboarding to the training days, tapping the first safety answer twice and four days without waiting."""
    start_to_doctor(user)
    user.press("Yes")
    said(user, "Safety question 1")
    user.press("No")
    user.press("No")
    user.client.wait_for(user.id, settled(2, then="Safety question 2"))
    answer_screen(user, start_at=2, first_shown=True)
    said(user, "How much does your back hurt")
    user.press("3")
    said(user, "How much exercise")
    user.press("I exercise sometimes")
    said(user, "Your programme is ready")
    user.press("Later")
    said(user, "Which of these do you have at home")
    user.press("None of these")
    said(user, "Which days")
    for label in ("Mon", "Wed", "Fri", "Sat"):
        user.press(label)
    user.client.wait_for(user.id, settled(4, edits=4))  # every tap answered, every redraw made


def hasty_through_one_and_two(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, pg_url: str
) -> tuple[ChatUser, ChatUser]:
    """The hasty drive behind one process (the first user), then behind two (the second)."""
    alone, shared = ChatUser(client, 1001, first_name="Alice"), ChatUser(client, 1002, first_name="Alice")
    with deployed(start_bot, pg_url, 1):
        hasty_onboarding(alone)
    with deployed(start_bot, pg_url, 2):
        hasty_onboarding(shared)
    return alone, shared


def questions_asked(client: EmulatorClient, user: ChatUser) -> list[str]:
    return [m["text"].split("\n")[0] for m in client.messages(user.id) if not m.get("edited") and m["text"]]


def test_a_hasty_user_stores_the_same_through_two_processes(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, pg_url: str
) -> None:
    alone, shared = hasty_through_one_and_two(start_bot, client, pg_url)
    assert questions_asked(client, shared) == questions_asked(client, alone)  # none asked twice
    days = "select training_days from profiles where user_id = :u"
    assert pg_rows(pg_url, days, u=alone.id) == pg_rows(pg_url, days, u=shared.id) == [("0,2,4,5",)]
    answers = "select question_id, answer from screening_answers where user_id = :u order by question_id"
    assert pg_rows(pg_url, answers, u=shared.id) == pg_rows(pg_url, answers, u=alone.id)


@pytest.mark.xfail(
    reason="one user's updates run in order within a process (bot/updates.py), not across two: the two "
    "processes' redraws of the days picker can reach the chat out of order (the last edit an older one); it "
    "passes when the proxy's timing keeps them apart, as it mostly does",
    strict=False,
)
def test_a_hasty_user_reads_the_same_through_two_processes(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, pg_url: str
) -> None:
    alone, shared = hasty_through_one_and_two(start_bot, client, pg_url)
    assert read_as_text(client, shared) == read_as_text(client, alone)


def a_write_waits_for_a_lock(url: str, timeout: float = 20.0) -> None:
    """Until a connection to the database ``url`` waits for a row lock (another's uncommitted write)."""
    waiting = "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
    deadline = time.monotonic() + timeout
    while pg_rows(url, waiting) == [(0,)]:
        assert time.monotonic() < deadline, "no write waited for the held unit's lock"
        time.sleep(0.05)


def test_a_process_starting_while_another_handles_an_update_does_not_apply_or_answer_it_again(
    start_bot: Callable[..., BotProcess], alice: ChatUser, pg_url: str, tmp_path: Path
) -> None:
    hold, ports = tmp_path / "finish-hold", [free_port(), free_port()]
    with AlternatingProxy([f"http://127.0.0.1:{ports[0]}"]) as proxy:  # every update goes to the first
        webhook = f"{proxy.url}{WEBHOOK_PATH}"
        first = start_bot(
            DATABASE_URL=pg_url, WEBHOOK_URL=webhook, PORT=str(ports[0]), BACKCOACH_TEST_FINISH_HOLD_FILE=str(hold)
        )
        start_to_doctor(alice)
        hold.touch()
        alice.press("Yes")
        first.wait_for_output(FINISH_HELD)  # the answer written, not committed
        second = start_bot(DATABASE_URL=pg_url, WEBHOOK_URL=webhook, PORT=str(ports[1]))
        second.wait_for_output("Running 1 unfinished updates from the inbox first")
        a_write_waits_for_a_lock(pg_url)  # the second process runs the same update and waits on the first
        hold.unlink()
        said(alice, "Safety question 1 of")
        second.wait_for_output("was handled by another process")
    assert times_said(alice, "Safety question 1 of") == 1 and apologies(alice) == []
    assert pg_rows(pg_url, "select doctor_check from profiles") == [("yes",)]
    assert pg_rows(pg_url, "select count(*) - count(done_at) from inbox") == [(0,)]
    for bot in (first, second):
        assert "Handler failed" not in bot.output and "The database failed" not in bot.output, bot.output
