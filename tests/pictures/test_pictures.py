"""Rendering: every GIF loops for 2 to 4 s in at most 300 KB, strips show every keyframe, the cache is used."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PIL import Image

import pictures
from coach.pose import describe
from pictures import style
from pictures.review import Entry, contact_sheet, report
from tests.pictures.conftest import RENDERED


def gif_facts(path: Path) -> tuple[int, int, int | None, tuple[int, int]]:
    """Frame count, total duration (ms), loop count and size of a GIF."""
    with Image.open(path) as image:
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            durations.append(int(image.info["duration"]))
        return image.n_frames, sum(durations), image.info.get("loop"), image.size


@pytest.mark.parametrize("card_id", RENDERED)
def test_an_animation_is_a_looping_gif_of_two_to_four_seconds_within_300_kb(card_id: str, shared_cache: Path) -> None:
    path = pictures.animation(card_id, shared_cache)
    count, duration_ms, loop, size = gif_facts(path)
    assert path.suffix == ".gif"
    assert path.stat().st_size <= pictures.MAX_BYTES
    assert 2000 <= duration_ms <= 4000
    assert count > len(describe.load_poses()[card_id].keyframes)
    assert loop == 0  # forever
    assert size == style.ANIMATION_SIZE


@pytest.mark.parametrize("card_id", RENDERED)
def test_a_strip_shows_every_keyframe_side_by_side(card_id: str, shared_cache: Path) -> None:
    path = pictures.strip(card_id, shared_cache)
    keyframes = len(describe.load_poses()[card_id].keyframes)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (style.PANEL_SIZE[0] * keyframes, style.PANEL_SIZE[1] + style.LABEL_HEIGHT)


def test_a_cached_picture_is_read_from_disk_not_drawn_again(tmp_path: Path) -> None:
    first = pictures.animation("glute_bridge", tmp_path)
    drawn, written = pictures.render_count(), first.stat().st_mtime_ns
    again = pictures.animation("glute_bridge", tmp_path)
    assert again == first
    assert pictures.render_count() == drawn
    assert again.stat().st_mtime_ns == written
    assert pictures.strip("glute_bridge", tmp_path) != first
    assert pictures.render_count("png") >= 1


def test_files_are_named_by_card_and_picture_version_and_nothing_else_is_left(tmp_path: Path) -> None:
    path = pictures.strip("pelvic_tilt", tmp_path)
    assert path.name == f"pelvic_tilt-{pictures.version('pelvic_tilt')}.png"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # the temporary file was renamed into place


def test_the_version_is_stable_and_differs_between_cards() -> None:
    assert pictures.version("bird_dog") == pictures.version("bird_dog")
    assert len(pictures.version("bird_dog")) == 12
    assert pictures.version("bird_dog") != pictures.version("cat_camel")


def test_a_changed_pose_gets_a_new_version_and_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = pictures.strip("pelvic_tilt", tmp_path)
    poses = dict(describe.load_poses())
    poses["pelvic_tilt"] = dataclasses.replace(poses["pelvic_tilt"], ghost=False)
    monkeypatch.setattr(describe, "load_poses", lambda path=None: poses)
    drawn = pictures.render_count()
    after = pictures.strip("pelvic_tilt", tmp_path)
    assert after != before
    assert pictures.render_count() == drawn + 1


def test_the_cache_directory_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pictures.CACHE_ENV, str(tmp_path / "elsewhere"))
    assert pictures.cache_root() == tmp_path / "elsewhere"
    monkeypatch.delenv(pictures.CACHE_ENV)
    assert pictures.cache_root() == pictures.DEFAULT_CACHE
    assert pictures.cache_root(tmp_path) == tmp_path


def test_the_review_sheet_has_a_row_per_card_and_the_report_lists_keyframes(shared_cache: Path) -> None:
    cards = RENDERED[:2]
    entries = [
        Entry(card, card.replace("_", " "), len(describe.load_poses()[card].keyframes),
              pictures.animation(card, shared_cache), pictures.strip(card, shared_cache))
        for card in cards
    ]
    sheet = contact_sheet(entries)
    strips = [Image.open(entry.strip) for entry in entries]
    assert sheet.height == sum(s.height for s in strips) + len(entries) * 12
    lines = report(Path("sheet.png"), entries)
    assert lines[0] == "contact sheet: sheet.png"
    for entry, line in zip(entries, lines[1:], strict=True):
        assert entry.card_id in line and f"{entry.keyframes} keyframes" in line


def test_python_m_pictures_writes_the_sheet_and_the_animations(tmp_path: Path, shared_cache: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from coach.catalogue import load_catalogue
    from pictures import __main__ as command
    from pictures import review

    few = [card for card in load_catalogue() if card.id in RENDERED[:2]]
    monkeypatch.setattr(review, "load_catalogue", lambda: few)
    assert command.main(["--out", str(tmp_path), "--cache", str(shared_cache)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"contact sheet: {tmp_path / 'contact-sheet.png'}"
    assert sorted(os.listdir(tmp_path)) == sorted(["contact-sheet.png", *(f"{card.id}.gif" for card in few)])
