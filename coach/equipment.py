"""What a card needs from the user's home, and which cards the user's equipment rules out (issue 13 item 3).

The user says what they have with one checklist (onboarding and /settings): the three kinds of :class:`Kit`.
A mat and a broom handle (or any light stick) count as always available. Each equipment phrase of
``coach/catalogue.toml`` maps here to the kit it needs, or to nothing (:data:`NEEDS`); the catalogue refuses a
phrase this table does not know, so a new card cannot slip past. :func:`lacks` is the one place a user's
equipment becomes excluded exercises: the planner asks it for every card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from locales import N_


class Kit(StrEnum):
    """Equipment the user may or may not have (stored as these values)."""

    BAND = "band"  # a resistance band with an anchor point (a door anchor or a sturdy post)
    WEIGHTS = "weights"  # dumbbells or a kettlebell
    BENCH = "bench"  # a bench or a sturdy chair


#: Each catalogue equipment phrase -> the kit it needs (None: always available, or only needed later).
NEEDS: Mapping[str, Kit | None] = {
    "mat": None,
    N_("a broom handle or light stick"): None,
    N_("resistance band"): Kit.BAND,
    N_("a door anchor or sturdy post"): Kit.BAND,
    N_("a light dumbbell or kettlebell"): Kit.WEIGHTS,
    N_("a light dumbbell"): Kit.WEIGHTS,
    N_("a sturdy bench or chair"): Kit.BENCH,
    # The back extension starts on the floor; the bench is its later variant, not a need of the card.
    N_("later: a 45-degree back extension bench"): None,
}


def known(phrase: str) -> bool:
    """Does this table know a catalogue equipment phrase?"""
    return phrase in NEEDS


def needs(equipment: Iterable[str]) -> frozenset[Kit]:
    """The kit a card's equipment list needs."""
    return frozenset(kit for phrase in equipment if (kit := NEEDS[phrase]) is not None)


def lacks(equipment: Iterable[str], owned: frozenset[Kit] | None) -> bool:
    """True when a card needs kit the user does not have. ``owned`` None: not asked yet, nothing is ruled out
    (users from before the question keep the plan they had)."""
    return owned is not None and not needs(equipment) <= owned


def parse_kit(stored: str | None) -> frozenset[Kit] | None:
    """The stored comma list back to kit (unknown values are ignored); None stays None (not asked)."""
    if stored is None:
        return None
    values = {kit.value for kit in Kit}
    return frozenset(Kit(part) for part in stored.split(",") if part in values)


def kit_text(owned: Iterable[Kit]) -> str:
    """How kit is stored: its values, sorted, comma-separated ("" for none)."""
    return ",".join(sorted(kit.value for kit in owned))
