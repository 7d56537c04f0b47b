"""The lessons: twelve one-minute reads, one idea each with a source, offered in a fixed order."""

from __future__ import annotations

from coach.education import SITTING_TIPS
from coach.lessons import LESSONS, MAX_WORDS, lesson_by_id, next_lesson, word_count


def test_twelve_lessons_with_unique_ids_titles_and_a_source_each() -> None:
    assert len(LESSONS) == 12
    assert len({lesson.id for lesson in LESSONS}) == 12
    assert len({lesson.title for lesson in LESSONS}) == 12
    assert all(lesson.source.strip() for lesson in LESSONS)


def test_every_part_of_every_lesson_is_a_one_minute_read() -> None:
    for lesson in LESSONS:
        for part in lesson.parts():
            assert 20 <= word_count(part) <= MAX_WORDS, lesson.id


def test_lessons_come_in_order_until_all_are_read() -> None:
    assert next_lesson([]) == LESSONS[0]
    assert next_lesson([LESSONS[0].id, LESSONS[2].id]) == LESSONS[1]
    assert next_lesson([lesson.id for lesson in LESSONS[:-1]]) == LESSONS[-1]
    assert next_lesson([lesson.id for lesson in LESSONS]) is None
    assert next_lesson(["not-a-lesson"]) == LESSONS[0]


def test_the_sitting_lesson_carries_every_sitting_tip_but_the_last() -> None:
    sitting = lesson_by_id("sitting")
    assert sitting is not None and sitting.more is not None
    for tip in SITTING_TIPS[:5]:
        assert tip.text in sitting.text + sitting.more


def test_the_when_to_get_help_lesson_names_the_urgent_signs_in_plain_words() -> None:
    lesson = lesson_by_id("when_to_get_help")
    assert lesson is not None
    for words in ("passing urine", "bowels", "genitals", "sexual function", "leg getting weak", "fever"):
        assert words in lesson.text


def test_an_unknown_id_is_no_lesson() -> None:
    assert lesson_by_id("") is None and lesson_by_id("learn:got:99") is None
