"""Stateless, proven (issue 12): two bot processes behind one webhook serve a user exactly as one process does.

Two real `python -m bot` processes run in webhook mode on one PostgreSQL database. The emulator knows a single
webhook URL, that of a tiny proxy in the test (`tests.support.webhook_proxy`) which hands the updates to the
processes in turn: A, B, A, B, so consecutive answers of one user land in different processes. Through it a
user goes from /start to the end of onboarding, gets a session reminder (its row brought forward; both
processes run a ticker, elected by a PostgreSQL advisory lock), does /today to the end with its pain check-in
and answers the next-morning follow-up. The same drive first runs against one process (on the same database,
as another user with the same name), and the two transcripts must read the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from botapi_emulator import ChatUser, EmulatorClient, render_transcript
from conversations.texts import checkin as checkin_texts
from conversations.texts import common, onboarding, session
from tests.e2e.test_checkin import finish_a_session
from tests.e2e.test_onboarding import onboard, said
from tests.e2e.users import bring_forward
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
    "Please use the buttons", checkin_texts.ALREADY_NOTED,
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
    user.press("Wait for my reminder")
    said(user, "I'll remind you on")
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
        ("worst_during", 2, None), ("after", 1, None), ("next_morning", 3, True)
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
