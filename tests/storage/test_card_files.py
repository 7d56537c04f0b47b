"""Card pictures' Telegram file ids: unknown until remembered, one per (card, picture version), first one kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.database import Database
from usecases.card_pictures import forget_file, known_file, remember_file


async def test_a_picture_is_unknown_until_its_upload_is_remembered(db: Database, now: datetime) -> None:
    assert await known_file(db, "bird_dog", "abc123") is None
    await remember_file(db, "bird_dog", "abc123", "FILE-1", now)
    assert await known_file(db, "bird_dog", "abc123") == "FILE-1"


async def test_each_picture_version_has_its_own_file(db: Database, now: datetime) -> None:
    await remember_file(db, "bird_dog", "v1", "FILE-1", now)
    assert await known_file(db, "bird_dog", "v2") is None  # an edited pose is a new picture, uploaded again
    assert await known_file(db, "cat_camel", "v1") is None


async def test_a_second_upload_of_the_same_picture_keeps_the_first_id(db: Database, now: datetime) -> None:
    """Two processes uploading one picture at once: both ids work, the first kept stays, nothing fails."""
    await remember_file(db, "bird_dog", "v1", "FILE-1", now)
    await remember_file(db, "bird_dog", "v1", "FILE-2", now + timedelta(seconds=1))
    assert await known_file(db, "bird_dog", "v1") == "FILE-1"


async def test_a_refused_file_id_is_forgotten_and_the_next_upload_kept(db: Database, now: datetime) -> None:
    await remember_file(db, "bird_dog", "v1", "OTHER-BOTS-FILE", now)
    await forget_file(db, "bird_dog", "v1")
    assert await known_file(db, "bird_dog", "v1") is None
    await remember_file(db, "bird_dog", "v1", "FILE-2", now)
    assert await known_file(db, "bird_dog", "v1") == "FILE-2"
