"""Exercise cards with their animation, end to end: the real bot process against the emulator.

The bot sends from a cache of tiny stand-in animations (``tests.support.pictures``), so nothing is drawn here:
a session's cards arrive as animations with the card as caption and the buttons under it, each picture is
uploaded once and a second user gets it by its stored file_id, a failed upload sends the text card instead and
the session goes on, and local mode saves what it receives under data/local-files/ and prints the path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.local import LOCAL_USER_ID
from botapi_emulator import ChatUser, EmulatorClient
from storage.migrate import upgrade_to_head
from tests.e2e.users import add_onboarded_user, database_path, query, start_today
from tests.support.pictures import tiny_cache
from tests.support.process import BotProcess
from tests.support.terminal import local_mode

CARDS = 9  # a first full session: the warm-up and the main part


def is_card(event: dict[str, Any]) -> bool:
    return event["kind"] in ("message", "animation") and "Today:" in (event.get("text") or event.get("caption") or "")


def start_with_pictures(start_bot: Callable[..., BotProcess], tmp_path: Path) -> BotProcess:
    """The bot sending every card's (stand-in) animation, once it says they are all ready."""
    bot = start_bot(PICTURES="cached", BACKCOACH_PICTURES_CACHE=str(tiny_cache(tmp_path / "pictures")))
    bot.wait_for_output("23 exercise pictures are ready to send")
    return bot


def session_cards(user: ChatUser) -> list[dict[str, Any]]:
    """Start today's session and press Done on every card; each card's event, in order."""
    start_today(user)
    cards = []
    for _ in range(CARDS):
        cards.append(user.wait_reply(is_card))
        user.press("Done")
    user.wait_reply(lambda e: e["kind"] == "message" and "worst" in e["text"])
    return cards


def test_cards_arrive_with_their_animation_and_the_second_user_gets_the_cached_file_ids(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    start_with_pictures(start_bot, tmp_path)
    bob = ChatUser(client, 1002, first_name="Bob")
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    add_onboarded_user(db, bob.id, first_name="Bob")
    cards = session_cards(alice)
    assert [card["kind"] for card in cards] == ["animation"] * CARDS
    assert all(card["uploaded"] for card in cards)
    first = cards[0]
    assert first["caption"].startswith("1/9") and "Avoid:" in first["caption"]  # the whole card as its caption
    assert {b["text"] for row in first["reply_markup"]["inline_keyboard"] for b in row} >= {"Done ✅", "Skip"}
    names = [card["file_name"] for card in cards]
    assert len(set(names)) == CARDS and all(name.endswith(".gif") for name in names)
    assert client.stats()["uploads_by_kind"] == {"animation": CARDS}
    stored = dict(query(db, "select card_id, file_id from card_files"))
    assert stored == {card["file_name"].removesuffix(".gif"): card["file_id"] for card in cards}

    again = session_cards(bob)
    assert [card["kind"] for card in again] == ["animation"] * CARDS
    assert not any(card["uploaded"] for card in again)  # sent by the file_id kept for each picture
    assert [card["file_id"] for card in again] == [card["file_id"] for card in cards]
    assert client.stats()["uploads_by_kind"] == {"animation": CARDS}  # exactly one upload per card


def test_a_failed_upload_sends_the_text_card_and_the_session_goes_on(
    start_bot: Callable[..., BotProcess], client: EmulatorClient, alice: ChatUser, tmp_path: Path
) -> None:
    bot = start_with_pictures(start_bot, tmp_path)
    db = database_path(tmp_path)
    add_onboarded_user(db, alice.id)
    client.configure(fail_uploads=1)
    start_today(alice)
    first = alice.wait_reply(is_card)
    assert first["kind"] == "message" and first["text"].startswith("1/9")  # the card as text, as before pictures
    assert set(alice.last_buttons()) >= {"Done ✅", "Skip", "It hurts"}
    alice.press("Done")
    second = alice.wait_reply(is_card)
    assert second["kind"] == "animation" and second["caption"].startswith("2/9") and second["uploaded"]
    alice.press("Done")
    assert alice.wait_reply(is_card)["kind"] == "animation"  # the second card's press was handled, file_id kept
    stats = client.stats()
    assert (stats["failed_uploads"], stats["uploads"]) == (1, 2)
    kept = [file_id for (file_id,) in query(db, "select file_id from card_files")]
    assert second["file_id"] in kept and len(kept) <= 2  # only what Telegram took: the failed one is retried later
    assert "went out as text: its picture was not sent (NetworkError)" in bot.output
    assert "Alice" not in bot.output


def test_local_mode_saves_a_card_animation_and_prints_where(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    upgrade_to_head(f"sqlite:///{data / 'backcoach.db'}")
    add_onboarded_user(data / "backcoach.db", LOCAL_USER_ID, first_name="Sam")
    cache = str(tiny_cache(tmp_path / "pictures"))
    with local_mode(tmp_path, PICTURES="cached", BACKCOACH_PICTURES_CACHE=cache) as terminal:
        terminal.read_until("Type /start to begin")
        terminal.type("/today")
        terminal.read_until("right now")
        terminal.type("2")
        screen = terminal.read_until("Avoid:")
        assert "BackCoach sent an animation (saved to data/local-files/" in screen
        assert "[1] Done ✅" in terminal.read_until("[1] Done ✅")  # the card's buttons, under its animation
        terminal.type("1")
        screen += terminal.read_until("2/9")
        assert terminal.quit() == 0
    saved = sorted((data / "local-files").glob("*.gif"))
    assert len(saved) == 2 and all(path.read_bytes()[:4] == b"GIF8" for path in saved)
    assert all(f"data/local-files/{path.name}" in screen for path in saved)
