"""The exercise catalogue: cards loaded from ``catalogue.toml`` and checked on load.

``load_catalogue()`` returns the default catalogue (cached); ``load_catalogue(path)`` reads another file.
Any mistake in the file raises ``CatalogueError`` naming the card and the field, so a physiotherapist editing
the TOML sees exactly what to fix. The library, levels and chains are those of clinical.md section 6.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from coach import rules
from coach.dose import Dose, ladder

DEFAULT_PATH = Path(__file__).with_name("catalogue.toml")
E = TypeVar("E", bound=StrEnum)
MIN_STEPS = 3
MAX_STEPS = 6


class Slot(StrEnum):
    """Where an exercise sits in a session (clinical.md section 6; selfBACK / GLA:D Back session shape)."""

    WARMUP = "warmup"
    ANTERIOR_CORE = "anterior_core"
    BACK_EXTENSORS = "back_extensors"
    SIDE_CORE = "side_core"
    GLUTES = "glutes"
    ROTATION_HINGE = "rotation_hinge"


#: Order of the strengthening slots in a session, after the warm-up.
SESSION_SLOTS: tuple[Slot, ...] = (
    Slot.ANTERIOR_CORE,
    Slot.BACK_EXTENSORS,
    Slot.SIDE_CORE,
    Slot.GLUTES,
    Slot.ROTATION_HINGE,
)


class Sides(StrEnum):
    """How an exercise uses the body's two sides (what the timer follows: ``coach.timer``)."""

    NONE = "none"  # both sides at once, or no sides
    EACH = "each"  # the whole dose on one side, then the same on the other (side plank, single-leg bridge)
    ALTERNATE = "alternate"  # sides take turns and one each side makes one rep (bird dog)
    TURNS = "turns"  # sides take turns and each side counts as one rep (toe taps, dead bug)
    HALFWAY = "halfway"  # swap sides halfway through the reps (McGill curl-up: which knee is bent)


class Motion(StrEnum):
    """What the seconds of a dose ask for: keep still (a hold) or keep going (marching on the spot)."""

    HOLD = "hold"
    MOVE = "move"


class CatalogueError(ValueError):
    """A card in the catalogue file is wrong. The message names the card and the field."""

    #: What the message calls the card (the pose file says "pose of card").
    WHAT = "exercise card"

    def __init__(self, card_id: str, field: str, problem: str) -> None:
        super().__init__(f"{self.WHAT} {card_id!r}, field {field!r}: {problem}")
        self.card_id = card_id
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Exercise:
    """One exercise card."""

    id: str
    name: str
    level: int
    slot: Slot
    track: str
    equipment: tuple[str, ...]
    start: Dose
    top: Dose
    steps: tuple[str, ...]
    mistake: str
    breathing: str  # how to breathe through it (every card has one)
    easier: tuple[str, ...]
    harder: tuple[str, ...]
    skip_if: str
    source: str
    locked: bool = False
    sides: Sides = Sides.NONE
    motion: Motion = Motion.HOLD

    @property
    def rungs(self) -> tuple[Dose, ...]:
        """The dose ladder from start to top."""
        return ladder(self.start, self.top)

    def numbered_steps(self) -> tuple[str, ...]:
        """Steps as '1. ...', '2. ...' for display."""
        return tuple(f"{n}. {step}" for n, step in enumerate(self.steps, start=1))


@dataclass(frozen=True)
class Catalogue:
    """All cards, in file order, with look-ups by id, slot and track."""

    exercises: Mapping[str, Exercise]

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def in_slot(self, slot: Slot) -> tuple[Exercise, ...]:
        return tuple(e for e in self if e.slot is slot)

    def warmup(self) -> tuple[Exercise, ...]:
        """The level-0 warm-up moves, in file order (done first in every session)."""
        return tuple(e for e in self if e.level == rules.LEVEL_MIN)

    def tracks_in_slot(self, slot: Slot) -> tuple[str, ...]:
        """Track ids of a slot, in order of first appearance in the file."""
        return tuple(dict.fromkeys(e.track for e in self.in_slot(slot)))

    def track(self, track_id: str) -> tuple[Exercise, ...]:
        """The cards of one track, easiest first (validated to form one chain)."""
        members = {e.id: e for e in self if e.track == track_id}
        if not members:
            raise KeyError(track_id)
        return _chain_order(track_id, members)


# --------------------------------------------------------------------------------------------- loading ---


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Load and validate a catalogue; without ``path`` the bundled one (parsed once, then cached)."""
    if path is None:
        return _default_catalogue()
    return parse_catalogue(Path(path).read_text(encoding="utf-8"))


@cache
def _default_catalogue() -> Catalogue:
    return parse_catalogue(DEFAULT_PATH.read_text(encoding="utf-8"))


def parse_catalogue(text: str) -> Catalogue:
    """Parse TOML text into a validated ``Catalogue``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError("(file)", "(syntax)", str(exc)) from exc
    raw_cards = data.get("exercise")
    if not isinstance(raw_cards, list) or not raw_cards:
        raise CatalogueError("(file)", "exercise", "no [[exercise]] cards found")
    cards: dict[str, Exercise] = {}
    for index, raw in enumerate(raw_cards):
        card = _parse_card(raw, index)
        if card.id in cards:
            raise CatalogueError(card.id, "id", "the same id is used by two cards")
        cards[card.id] = card
    _validate_graph(cards)
    return Catalogue(exercises=cards)


def _parse_card(raw: Any, index: int) -> Exercise:
    if not isinstance(raw, dict):
        raise CatalogueError(f"#{index + 1}", "(card)", "each [[exercise]] must be a table")
    card_id = raw.get("id")
    if not isinstance(card_id, str) or not card_id.strip():
        raise CatalogueError(f"#{index + 1}", "id", "missing or empty")
    reader = _FieldReader(card_id, raw)
    level = reader.integer("level")
    if not rules.LEVEL_MIN <= level <= rules.LEVEL_LOCKED:
        raise CatalogueError(card_id, "level", f"must be {rules.LEVEL_MIN} to {rules.LEVEL_LOCKED}, got {level}")
    locked = reader.boolean("locked", default=False)
    if level == rules.LEVEL_LOCKED and not locked:
        raise CatalogueError(card_id, "locked", "a level-4 (weighted) card must have locked = true")
    if locked and level != rules.LEVEL_LOCKED:
        raise CatalogueError(card_id, "locked", "only level-4 cards can be locked")
    start, top = _dose_range(reader)
    steps = reader.text_list("steps")
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        raise CatalogueError(card_id, "steps", f"needs {MIN_STEPS} to {MAX_STEPS} steps, got {len(steps)}")
    return Exercise(
        id=card_id,
        name=reader.text("name"),
        level=level,
        slot=reader.slot(),
        track=reader.text("track", default=card_id),
        equipment=reader.text_list("equipment", allow_empty=True),
        start=start,
        top=top,
        steps=steps,
        mistake=reader.text("mistake"),
        breathing=reader.text("breathing"),
        easier=reader.text_list("easier", allow_empty=True),
        harder=reader.text_list("harder", allow_empty=True),
        skip_if=reader.text("skip_if"),
        source=reader.text("source"),
        locked=locked,
        sides=reader.choice("sides", Sides),
        motion=_motion(reader, start),
    )


def _dose_range(reader: _FieldReader) -> tuple[Dose, Dose]:
    """The start and top doses; no part of the start above the top."""
    start, top = reader.dose("start"), reader.dose("top")
    for part in ("reps", "sets", "hold_seconds"):
        if getattr(start, part) > getattr(top, part):
            raise CatalogueError(reader.card_id, "start", f"start {part} is above the top dose ({start} > {top})")
    return start, top


def _motion(reader: _FieldReader, start: Dose) -> Motion:
    """Hold (the default) or move; a moving card needs its seconds to keep moving for."""
    motion = reader.choice("motion", Motion, default=Motion.HOLD)
    if motion is Motion.MOVE and not start.hold_seconds:
        raise CatalogueError(reader.card_id, "motion", "a moving exercise needs its seconds (hold_seconds) to move for")
    return motion


@dataclass(frozen=True)
class _FieldReader:
    card_id: str
    raw: Mapping[str, Any]

    def _fail(self, field: str, problem: str) -> CatalogueError:
        return CatalogueError(self.card_id, field, problem)

    def text(self, field: str, default: str | None = None) -> str:
        value = self.raw.get(field, default)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(field, "missing or empty text")
        return value.strip()

    def integer(self, field: str) -> int:
        value = self.raw.get(field)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(field, "must be a whole number")
        return value

    def boolean(self, field: str, default: bool) -> bool:
        value = self.raw.get(field, default)
        if not isinstance(value, bool):
            raise self._fail(field, "must be true or false")
        return value

    def text_list(self, field: str, allow_empty: bool = False) -> tuple[str, ...]:
        value = self.raw.get(field)
        if not isinstance(value, list):
            raise self._fail(field, "must be a list of texts")
        if not value and not allow_empty:
            raise self._fail(field, "must not be empty")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self._fail(field, "every item must be non-empty text")
        return tuple(item.strip() for item in value)

    def slot(self) -> Slot:
        return self.choice("slot", Slot)

    def choice(self, field: str, kind: type[E], default: E | None = None) -> E:
        """One of an enum's values (required unless a default is given)."""
        value = self.raw.get(field, default)
        try:
            return kind(str(value))
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise self._fail(field, f"unknown {field} {value!r} (choose one of {choices})") from None

    def dose(self, field: str) -> Dose:
        value = self.raw.get(field)
        if not isinstance(value, dict):
            raise self._fail(field, "must be a table like { reps = 5, sets = 1, hold_seconds = 0 }")
        parts: dict[str, int] = {}
        for part, minimum in (("reps", 1), ("sets", 1), ("hold_seconds", 0)):
            number = value.get(part, 0 if part == "hold_seconds" else None)
            if not isinstance(number, int) or isinstance(number, bool) or number < minimum:
                raise self._fail(field, f"{part} must be a whole number of at least {minimum}")
            parts[part] = number
        unknown = set(value) - set(parts)
        if unknown:
            raise self._fail(field, f"unknown dose part(s): {', '.join(sorted(unknown))}")
        return Dose(parts["reps"], parts["sets"], parts["hold_seconds"])


# ------------------------------------------------------------------------------------------ graph checks --


def _validate_graph(cards: Mapping[str, Exercise]) -> None:
    for card in cards.values():
        for field in ("easier", "harder"):
            neighbours: tuple[str, ...] = getattr(card, field)
            for other_id in neighbours:
                _check_neighbour(cards, card, field, other_id)
        if card.level > rules.LEVEL_MIN and not card.easier:
            raise CatalogueError(card.id, "easier", "every card above level 0 needs an easier way out")
    _check_acyclic(cards)
    for track_id in dict.fromkeys(c.track for c in cards.values()):
        _chain_order(track_id, {c.id: c for c in cards.values() if c.track == track_id})


def _check_neighbour(cards: Mapping[str, Exercise], card: Exercise, field: str, other_id: str) -> None:
    other = cards.get(other_id)
    if other is None:
        raise CatalogueError(card.id, field, f"unknown neighbour {other_id!r}")
    if other.id == card.id:
        raise CatalogueError(card.id, field, "a card cannot be its own neighbour")
    mirror = "harder" if field == "easier" else "easier"
    if card.id not in getattr(other, mirror):
        raise CatalogueError(card.id, field, f"{other_id!r} does not list {card.id!r} in its {mirror!r}")
    if field == "harder" and other.level < card.level:
        raise CatalogueError(card.id, field, f"harder neighbour {other_id!r} is at a lower level")


def _check_acyclic(cards: Mapping[str, Exercise]) -> None:
    done: set[str] = set()

    def visit(card_id: str, path: tuple[str, ...]) -> None:
        if card_id in path:
            loop = " -> ".join((*path[path.index(card_id) :], card_id))
            raise CatalogueError(card_id, "harder", f"the chain loops back on itself: {loop}")
        if card_id in done:
            return
        for nxt in cards[card_id].harder:
            visit(nxt, (*path, card_id))
        done.add(card_id)

    for card_id in cards:
        visit(card_id, ())


def _chain_order(track_id: str, members: Mapping[str, Exercise]) -> tuple[Exercise, ...]:
    """Order a track's cards easiest first; a track must be one unbranched chain within one slot."""
    roots = [c for c in members.values() if not any(e in members for e in c.easier)]
    if len(roots) != 1:
        first = next(iter(members))
        raise CatalogueError(first, "track", f"track {track_id!r} must have exactly one easiest card")
    chain = [roots[0]]
    while True:
        nexts = [members[h] for h in chain[-1].harder if h in members]
        if len(nexts) > 1:
            raise CatalogueError(chain[-1].id, "harder", f"branches inside track {track_id!r}")
        if not nexts:
            break
        chain.append(nexts[0])
    if len(chain) != len(members):
        stray = sorted(set(members) - {c.id for c in chain})[0]
        raise CatalogueError(stray, "track", f"not linked into the chain of track {track_id!r}")
    slots = {c.slot for c in chain}
    if len(slots) != 1:
        raise CatalogueError(chain[-1].id, "slot", f"all cards of track {track_id!r} must share one slot")
    return tuple(chain)
