"""Education content: correcting sitting positions (clinical.md section 1, article rule 8).

Short, plain tips the bot can send after a session or on rest days, one at a time, in a fixed order (no
randomness: same day number, same tip). Written in our own words after the NHS "How to sit correctly" and
NHS inform back-pain advice pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from locales import N_


@dataclass(frozen=True)
class Tip:
    id: str
    title: str
    text: str
    source: str


_NHS_SITTING = N_("NHS, 'How to sit correctly' (nhs.uk); NHS inform, back pain self-help")

SITTING_TIPS: tuple[Tip, ...] = (
    Tip("support_lower_back", N_("Support your lower back"),
        N_("Sit right back in your chair so it supports the curve of your lower back. A small cushion or rolled "
        "towel behind the small of your back helps if the chair does not."), _NHS_SITTING),
    Tip("feet_flat", N_("Feet flat, knees level"),
        N_("Rest your feet flat on the floor, or on a footrest, with your knees about level with your hips. "
        "Avoid crossing your legs for long spells."), _NHS_SITTING),
    Tip("screen_height", N_("Screen at eye level"),
        N_("Put the top of your screen roughly at eye level and an arm's length away, so you are not leaning "
        "forward or looking down for hours."), _NHS_SITTING),
    Tip("close_to_desk", N_("Keep things close"),
        N_("Keep your keyboard, mouse and phone close enough that you do not have to reach or twist. "
        "Elbows relaxed by your sides, forearms roughly level."), _NHS_SITTING),
    Tip("move_often", N_("Get up and move"),
        N_("No position is perfect for long. Stand up, walk about or change position every 30 minutes or so; "
        "movement is what backs like best."), _NHS_SITTING),
    Tip("phone_and_car", N_("Phone and car"),
        N_("Use a headset instead of holding the phone between ear and shoulder. In the car, bring the seat "
        "close enough to reach the pedals without stretching, and take breaks on long drives."), _NHS_SITTING),
)


def tip_after_session(sessions_before: int) -> Tip | None:
    """The tip shown with the summary of the user's session number ``sessions_before`` (0 for the first one),
    one per session in order until every tip has been seen; None after that."""
    return SITTING_TIPS[sessions_before] if 0 <= sessions_before < len(SITTING_TIPS) else None


def tip_for_day(day_number: int) -> Tip:
    """The tip for the user's ``day_number`` in the programme (0, 1, 2 ...), cycling through the list."""
    return SITTING_TIPS[day_number % len(SITTING_TIPS)]
