"""Private chats only, end to end: nothing of a user leaks into a group, and a group cannot take over a user.

The reproduction of issue 11 item 7 against the real bot process: an onboarded user types /export, /status,
/progress, /start, /pain and /screen in a group and a supergroup; presses buttons that are not theirs; edits a
message. Each group gets only the one line, the database does not change, and the user's reminders still
reach their private chat. The `groups` fixture checks, after every test, that nothing but the one line (with
its button to the private chat) was ever sent to a group.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from botapi_emulator import ChatUser, EmulatorClient, EmulatorThread
from conversations.texts.privacy import EDITED_MESSAGE, NOT_YOUR_BUTTON, PRIVATE_CHAT_ONLY, PRIVATE_ONLY
from conversations.texts.progress import STATUS_TITLE
from tests.e2e.test_reminders import REMINDER_WAIT, is_reminder, reminder_due_in
from tests.e2e.users import add_onboarded_user, database_path, query
from tests.support.process import TEST_TOKEN, BotProcess

GROUP, SUPERGROUP = -4001, -1004002
# The reproduction: each once in a group and once in a supergroup, a pair at a time (a line waits its turn).
LEAKY_COMMANDS = [("/export", "/start"), ("/status", "/pain@backcoach_local_bot"), ("/progress", "/screen")]
PRIVATE_CHAT_BUTTON = "https://t.me/backcoach_local_bot"  # the emulator's bot username

Event = dict[str, Any]


class Groups:
    """Group chats made for a test; `after[chat_id]` is the first event seq the final check looks past."""

    def __init__(self, client: EmulatorClient) -> None:
        self.client = client
        self.after: dict[int, int] = {}

    def create(self, chat_id: int, members: list[ChatUser], chat_type: str = "group") -> None:
        """A group with `members`; the bot is added and answers that with the one line."""
        self.client.create_group(chat_id, f"Back club {chat_id}", [member.id for member in members], chat_type)
        self.after[chat_id] = 0
        assert self.lines(chat_id, 1) == [PRIVATE_ONLY]

    def lines(self, chat_id: int, count: int) -> list[str]:
        """The next `count` messages the bot sends to the group (texts)."""
        found = [self.client.wait_for(chat_id, "message", timeout=15.0)[-1] for _ in range(count)]
        return [event["text"] for event in found]

    def check_only_the_line_was_sent(self) -> None:
        """Every event in every group: the one line with its button to the private chat, or a pop-up answer."""
        for chat_id, after in self.after.items():
            for event in self.client.events(chat_id, after=after):
                assert event["kind"] in ("message", "callback_answer"), f"{chat_id} got {event}"
                if event["kind"] == "message":
                    assert event["text"] == PRIVATE_ONLY, f"{chat_id} got {event}"
                    [[button]] = event["reply_markup"]["inline_keyboard"]
                    assert button["url"] == PRIVATE_CHAT_BUTTON and set(button) == {"text", "url"}


@pytest.fixture
def groups(client: EmulatorClient) -> Iterator[Groups]:
    made = Groups(client)
    yield made
    made.check_only_the_line_was_sent()


@pytest.fixture
def bob(client: EmulatorClient) -> ChatUser:
    return ChatUser(client, 1002, first_name="Bob")


def snapshot(db_file: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: what 'nothing changed in the database' compares."""
    tables = [name for (name,) in query(db_file, "select name from sqlite_master where type = 'table'")]
    snap = {table: sorted(query(db_file, f'select * from "{table}"'), key=repr) for table in tables if table != "inbox"}
    # The inbox holds each update until it is handled and answered (then blanked): never anything a group said
    # afterwards.
    handled = "done_at is not null and outcome != 'answering'"
    snap["inbox"] = query(db_file, f"select update_id from inbox where payload != '' and {handled}")
    return snap


def text_has(fragment: str) -> Callable[[Event], bool]:
    return lambda event: event["kind"] == "message" and fragment in (event.get("text") or "")


def is_safety_question(event: Event) -> bool:
    return event["kind"] == "message" and "Not sure" in str(event.get("reply_markup"))


def start_with_alice_onboarded(start_bot: Callable[..., BotProcess], tmp_path: Path, *users: ChatUser) -> Path:
    start_bot()
    db = database_path(tmp_path)
    add_onboarded_user(db, users[0].id)
    users[0].client.register_users([user.id for user in users])
    return db


def test_commands_in_a_group_get_one_line_and_never_touch_the_users_data_or_their_chat(
    start_bot: Callable[..., BotProcess], alice: ChatUser, bob: ChatUser, groups: Groups, tmp_path: Path
) -> None:
    db = start_with_alice_onboarded(start_bot, tmp_path, alice, bob)
    groups.create(GROUP, [alice, bob])
    groups.create(SUPERGROUP, [alice, bob], "supergroup")
    before = snapshot(db)
    for in_group, in_supergroup in LEAKY_COMMANDS:
        alice.say_in(GROUP, in_group)
        alice.say_in(SUPERGROUP, in_supergroup)
        assert groups.lines(GROUP, 1) == groups.lines(SUPERGROUP, 1) == [PRIVATE_ONLY]
    alice.say("/status")  # updates are handled in order: once this is answered, the group commands are done
    assert alice.wait_reply()["text"].startswith(re.sub("<[^>]+>", "", STATUS_TITLE))  # her chat gets her status
    assert snapshot(db) == before
    assert query(db, "select chat_id from users where id = ?", alice.id) == [(alice.id,)]
    reminder_due_in(db, alice.id, 1)
    alice.wait_reply(is_reminder, timeout=REMINDER_WAIT)
    assert query(db, "select kind, status from deliveries") == [("session", "sent")]


def test_group_chatter_and_commands_for_other_bots_get_nothing_but_a_mention_gets_the_line(
    start_bot: Callable[..., BotProcess], alice: ChatUser, bob: ChatUser, groups: Groups, tmp_path: Path
) -> None:
    db = start_with_alice_onboarded(start_bot, tmp_path, alice, bob)
    groups.create(GROUP, [alice, bob])
    before = snapshot(db)
    alice.say_in(GROUP, "my back hurts today, 7 out of 10")
    bob.say_in(GROUP, "/start@some_other_bot")
    bob.say_in(GROUP, "@backcoach_local_bot what do you do?")
    assert groups.lines(GROUP, 1) == [PRIVATE_ONLY]  # the mention; the two before it got nothing
    assert snapshot(db) == before


def test_a_press_on_someone_elses_button_or_message_does_nothing_but_a_pop_up(
    start_bot: Callable[..., BotProcess],
    emulator: EmulatorThread,
    alice: ChatUser,
    bob: ChatUser,
    groups: Groups,
    tmp_path: Path,
) -> None:
    db = start_with_alice_onboarded(start_bot, tmp_path, alice, bob)
    groups.create(GROUP, [alice, bob])
    reminder_due_in(db, alice.id, 1)
    reminder = alice.wait_reply(is_reminder, timeout=REMINDER_WAIT)
    start_now = reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    # A reminder the bot sent to the group before this fix, its Start now button still there.
    markup = json.dumps(reminder["reply_markup"])
    url = f"{emulator.base_url}{TEST_TOKEN}/sendMessage"
    old = httpx.post(url, data={"chat_id": GROUP, "text": reminder["text"], "reply_markup": markup}).json()
    groups.after[GROUP] = len(alice.client.events(GROUP))  # the check looks past this old message
    before = snapshot(db)

    alice.client.press(bob.id, reminder["message_id"], start_now, chat_id=alice.id)  # Alice's own message
    popup = alice.client.wait_for(alice.id, "callback_answer")[-1]
    assert (popup["user_id"], popup["text"]) == (bob.id, NOT_YOUR_BUTTON)
    for presser in (bob, alice):
        alice.client.press(presser.id, old["result"]["message_id"], start_now, chat_id=GROUP)
        popup = alice.client.wait_for(GROUP, "callback_answer")[-1]
        assert (popup["user_id"], popup["text"]) == (presser.id, PRIVATE_CHAT_ONLY)
    assert snapshot(db) == before
    assert [event["kind"] for event in alice.client.events(alice.id)] == ["message", "callback_answer"]

    alice.press("Start now")  # the same button, in her own chat, is hers
    alice.wait_reply(lambda event: event["kind"] == "message" and not is_reminder(event))
    assert query(db, "select count(*) from session_logs where user_id = ?", alice.id) == [(1,)]


def test_an_edited_message_gets_the_edit_line_and_stores_nothing(
    start_bot: Callable[..., BotProcess], alice: ChatUser, groups: Groups, tmp_path: Path
) -> None:
    db = start_with_alice_onboarded(start_bot, tmp_path, alice)
    alice.say("/pain")
    alice.wait_reply(text_has("How strong is your pain"))
    score = alice.say("3")
    alice.wait_reply(is_safety_question)
    groups.create(GROUP, [alice])  # handled after everything "3" stored (its state is saved after the reply)
    before = snapshot(db)
    alice.edit(score, "9")
    assert alice.wait_reply()["text"] == EDITED_MESSAGE
    status = alice.say("/status")
    alice.wait_reply()
    alice.edit(status, "/delete")
    assert alice.wait_reply()["text"] == EDITED_MESSAGE
    assert snapshot(db) == before
    assert query(db, "select context, score from pain_checkins") == [("ad_hoc", 3)]
    alice.press("No")  # the question she was asked is still hers to answer
    alice.wait_reply(is_safety_question)
