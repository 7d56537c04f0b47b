"""The figure: anthropometric proportions, the joint tree with range limits, and the named body points.

Lengths are fractions of body height H (the figure is 1.0 tall standing), from the segment-length diagram of
D. A. Winter, *Biomechanics and Motor Control of Human Movement*, 4th ed., Wiley 2009, Fig. 4.1 (after
Drillis and Contini 1966). Winter gives the trunk as one piece (hip to shoulder, 0.288 H); splitting it into a
pelvis, a lumbar and a thoracic segment, so that cat-camel, curl-ups and extensions bend the back where they
really do, is our *design choice* (the lumbar spine about a third of it). Joint ranges are *design choices*
anchored to the usual normal active ranges of motion (AAOS; Norkin and White, *Measurement of Joint Motion*),
a little generous where pictures need an end position people reach with the shoulder girdle (arms overhead).

Angles are degrees. Flexion is positive everywhere (hip, knee, shoulder, elbow, spine, neck: bending forward);
extension is negative. At all zeros the figure stands upright facing +x with its arms hanging, its right
side towards the viewer (+z). The root (the pelvis, between the hip joints) has a position and an
orientation: ``yaw`` turns about the vertical, ``pitch`` leans forward (90 = lying face down, head to +x;
-90 = lying on the back), ``roll`` tips sideways onto the left side (negative) or the right side (positive),
``spin`` turns about the body's own long axis (positive: the front turns to the left), applied in that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from coach.pose.geometry import Vec

# --------------------------------------------------------------- Winter 2009, Fig. 4.1 (fractions of H) ---
SHOULDER_HEIGHT = 0.818
HIP_HEIGHT = 0.530  # greater trochanter, taken as the hip joint centre
KNEE_HEIGHT = 0.285
ANKLE_HEIGHT = 0.039
EYE_HEIGHT = 0.936  # taken as the centre of the head
HEAD_LENGTH = 0.130  # chin to crown
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108
FOOT_LENGTH = 0.152
SHOULDER_WIDTH = 0.259
HIP_WIDTH = 0.191

THIGH = HIP_HEIGHT - KNEE_HEIGHT  # 0.245
SHANK = KNEE_HEIGHT - ANKLE_HEIGHT  # 0.246
TRUNK = SHOULDER_HEIGHT - HIP_HEIGHT  # 0.288, split below (design choice)
HIP_FORWARD = 0.030  # the hip joints sit this far in front of the spine's line (design choice; ~6 cm)
PELVIS = 0.060
LUMBAR = 0.100
THORAX = TRUNK - PELVIS - LUMBAR  # 0.128
NECK = EYE_HEIGHT - SHOULDER_HEIGHT  # shoulder level to the centre of the head

# ------------------------------------------------- drawing and contact radii (pictogram, design choice) ---
R_HEAD = HEAD_LENGTH / 2
R_TRUNK = 0.056
R_HIP = 0.042  # the hip joints, where the legs join the pelvis (narrower than the trunk: the waist)
R_LIMB = 0.026
R_HAND = 0.020
R_FOOT = 0.018
HEEL = -0.025  # heel and toe along the foot, from under the ankle: 0.112 + 2 R_FOOT = the foot length
TOE = HEEL + FOOT_LENGTH - 2 * R_FOOT
SOLE = -(ANKLE_HEIGHT - R_FOOT)  # heel and toe centres sit R_FOOT above the floor when standing

SIDES = ("left", "right")


@dataclass(frozen=True)
class Dof:
    """One degree of freedom: a rotation of a joint about one of its local axes, with its range."""

    name: str
    axis: int  # 0: x (sideways bends, abduction), 1: y (twists), 2: z (flexion)
    sign: int
    low: float
    high: float
    weight: float  # how reluctant the contact solver is to change it (see coach.pose.solve)


@dataclass(frozen=True)
class Joint:
    name: str
    parent: str | None
    offset: Vec  # from the parent's origin, in the parent's frame
    dofs: tuple[Dof, ...]


#: The root's position, then its turns (no range limits): the solver's small corrections about the world
#: axes (``tilt_*``, zero as described), then the described ``yaw``, ``pitch``, ``roll``, ``spin``, which the solver
#: never changes (correcting about world axes avoids the gimbal lock of yaw/roll at pitch 90).
ROOT_POSITION = ("x", "y", "z")
ROOT_TURNS = (
    Dof("tilt_x", 0, 1, -360.0, 360.0, 3.0),
    Dof("tilt_y", 1, 1, -360.0, 360.0, 3.0),
    Dof("tilt_z", 2, 1, -360.0, 360.0, 1.0),
    Dof("yaw", 1, 1, -360.0, 360.0, 1.0),
    Dof("pitch", 2, -1, -360.0, 360.0, 1.0),
    Dof("roll", 0, 1, -360.0, 360.0, 1.0),
    Dof("spin", 1, 1, -360.0, 360.0, 1.0),
)
ORIENTATION = ("yaw", "pitch", "roll", "spin")


def _spine(name: str, flex: tuple[float, float], side: float, twist: float, weight: float) -> tuple[Dof, ...]:
    return (
        Dof(name, 2, -1, flex[0], flex[1], weight),
        Dof(f"{name}_side", 0, 1, -side, side, weight * 2),
        Dof(f"{name}_twist", 1, 1, -twist, twist, weight * 2),
    )


def _limbs(side: str) -> tuple[Joint, ...]:
    lateral = -1 if side == "left" else 1  # which way is outwards along z; abduction turns that way
    return (
        Joint(f"{side}_hip", "pelvis", (HIP_FORWARD, 0.0, lateral * HIP_WIDTH / 2), (
            Dof(f"{side}_hip", 2, 1, -30.0, 130.0, 1.0),
            Dof(f"{side}_hip_abduction", 0, -lateral, -30.0, 45.0, 3.0),
            Dof(f"{side}_hip_rotation", 1, lateral, -45.0, 45.0, 3.0),
        )),
        Joint(f"{side}_knee", f"{side}_hip", (0.0, -THIGH, 0.0), (Dof(f"{side}_knee", 2, -1, 0.0, 150.0, 1.0),)),
        Joint(f"{side}_ankle", f"{side}_knee", (0.0, -SHANK, 0.0), (Dof(f"{side}_ankle", 2, 1, -50.0, 30.0, 1.0),)),
        Joint(f"{side}_shoulder", "thoracic", (0.0, THORAX, lateral * SHOULDER_WIDTH / 2), (
            Dof(f"{side}_shoulder", 2, 1, -60.0, 190.0, 1.0),
            Dof(f"{side}_shoulder_abduction", 0, -lateral, -30.0, 180.0, 3.0),
            Dof(f"{side}_shoulder_rotation", 1, lateral, -90.0, 90.0, 3.0),
        )),
        Joint(f"{side}_elbow", f"{side}_shoulder", (0.0, -UPPER_ARM, 0.0),
              (Dof(f"{side}_elbow", 2, 1, 0.0, 150.0, 1.0),)),
        Joint(f"{side}_wrist", f"{side}_elbow", (0.0, -FOREARM, 0.0), (Dof(f"{side}_wrist", 2, 1, -90.0, 90.0, 1.0),)),
    )


#: The joint tree, parents before children. The pelvis is the root (its turns are ROOT_TURNS).
JOINTS: tuple[Joint, ...] = (
    Joint("pelvis", None, (0.0, 0.0, 0.0), ROOT_TURNS),
    # The spine is stiff for the solver: a back the pose file did not bend should not bend to meet a contact.
    Joint("lumbar", "pelvis", (0.0, PELVIS, 0.0), _spine("lumbar", (-25.0, 45.0), 20.0, 10.0, 20.0)),
    Joint("thoracic", "lumbar", (0.0, LUMBAR, 0.0), _spine("thoracic", (-20.0, 40.0), 25.0, 35.0, 20.0)),
    Joint("neck", "thoracic", (0.0, THORAX, 0.0), _spine("neck", (-50.0, 60.0), 40.0, 70.0, 5.0)),
    *_limbs("left"),
    *_limbs("right"),
)
JOINT_BY_NAME = MappingProxyType({joint.name: joint for joint in JOINTS})

#: Every angle a pose sets, in the order of the solver's vector (after the root position).
DOFS: tuple[Dof, ...] = tuple(dof for joint in JOINTS for dof in joint.dofs)
DOF_BY_NAME = MappingProxyType({dof.name: dof for dof in DOFS})
ANGLE_NAMES: tuple[str, ...] = tuple(dof.name for dof in DOFS)
SIDED_ANGLES: frozenset[str] = frozenset(
    name.removeprefix(f"{side}_") for name in ANGLE_NAMES for side in SIDES if name.startswith(f"{side}_")
)


@dataclass(frozen=True)
class Point:
    """A named point fixed to a joint's frame; ``radius`` is the body's thickness around it."""

    joint: str
    offset: Vec
    radius: float


def _side_points(side: str) -> dict[str, Point]:
    return {
        f"{side}_hip": Point(f"{side}_hip", (0.0, 0.0, 0.0), R_HIP),
        f"{side}_knee": Point(f"{side}_knee", (0.0, 0.0, 0.0), R_LIMB),
        f"{side}_ankle": Point(f"{side}_ankle", (0.0, 0.0, 0.0), R_LIMB),
        f"{side}_heel": Point(f"{side}_ankle", (HEEL, SOLE, 0.0), R_FOOT),
        f"{side}_toes": Point(f"{side}_ankle", (TOE, SOLE, 0.0), R_FOOT),
        f"{side}_shoulder": Point(f"{side}_shoulder", (0.0, 0.0, 0.0), R_LIMB),
        f"{side}_elbow": Point(f"{side}_elbow", (0.0, 0.0, 0.0), R_LIMB),
        f"{side}_wrist": Point(f"{side}_wrist", (0.0, 0.0, 0.0), R_HAND),
        f"{side}_hand": Point(f"{side}_wrist", (0.0, -0.45 * HAND, 0.0), R_HAND),
        f"{side}_fingertips": Point(f"{side}_wrist", (0.0, -(HAND - R_HAND), 0.0), R_HAND),
    }


#: Every body point: the joints, the back, the head, the hands and feet. Contacts name these.
POINTS = MappingProxyType({
    "pelvis": Point("pelvis", (0.0, 0.0, 0.0), R_TRUNK),
    "lower_back": Point("lumbar", (0.0, 0.0, 0.0), R_TRUNK),
    "mid_back": Point("thoracic", (0.0, 0.0, 0.0), R_TRUNK),
    "upper_back": Point("neck", (0.0, 0.0, 0.0), R_TRUNK),
    "head": Point("neck", (0.0, NECK, 0.0), R_HEAD),
    **_side_points("left"),
    **_side_points("right"),
})

#: Points that stay planted where they touch (a hand, a foot, a knee does not slide); the back, hips and head
#: may slide a little on the floor, as a back that flattens or curls really does.
PLANTED = frozenset(
    f"{side}_{part}" for side in SIDES
    for part in ("hand", "fingertips", "wrist", "elbow", "knee", "ankle", "heel", "toes")
)

#: Shorthands a pose file may use in its contact lists.
CONTACT_GROUPS = MappingProxyType({
    **{f"{side}_foot": (f"{side}_heel", f"{side}_toes") for side in SIDES},
    **{f"{side}_forearm": (f"{side}_elbow", f"{side}_hand") for side in SIDES},
    **{f"{side}_shin": (f"{side}_knee", f"{side}_toes") for side in SIDES},
    "hands": ("left_hand", "right_hand"),
    "knees": ("left_knee", "right_knee"),
    "elbows": ("left_elbow", "right_elbow"),
    "toes": ("left_toes", "right_toes"),
    "heels": ("left_heel", "right_heel"),
    "feet": ("left_heel", "left_toes", "right_heel", "right_toes"),
    "forearms": ("left_elbow", "left_hand", "right_elbow", "right_hand"),
})

#: The parts a pose can mark as moving (drawn in the accent colour), each as the chain of points drawn.
PARTS = MappingProxyType({
    "trunk": ("pelvis", "lower_back", "mid_back", "upper_back"),
    "head": ("upper_back", "head"),
    **{f"{side}_arm": (f"{side}_shoulder", f"{side}_elbow", f"{side}_wrist", f"{side}_fingertips") for side in SIDES},
    **{f"{side}_leg": (f"{side}_hip", f"{side}_knee", f"{side}_ankle") for side in SIDES},
})

#: The angles that move each part: a part moves in a transition when one of them changes.
PART_ANGLES = MappingProxyType({
    "trunk": (*(d.name for d in ROOT_TURNS), "lumbar", "lumbar_side", "lumbar_twist",
              "thoracic", "thoracic_side", "thoracic_twist"),
    "head": ("neck", "neck_side", "neck_twist"),
    **{f"{side}_arm": tuple(f"{side}_{n}" for n in ("shoulder", "shoulder_abduction", "shoulder_rotation",
                                                     "elbow", "wrist")) for side in SIDES},
    **{f"{side}_leg": tuple(f"{side}_{n}" for n in ("hip", "hip_abduction", "hip_rotation", "knee", "ankle"))
       for side in SIDES},
})

#: The points whose travel shows a part moving even with its joints still (the arms swept round by a turning
#: trunk, the head lifted by the upper back, the hips lifted off the floor): a limb's far end, the whole back.
PART_ENDS = MappingProxyType({
    "trunk": ("pelvis", "lower_back", "mid_back", "upper_back"), "head": ("head",),
    **{f"{side}_arm": (f"{side}_fingertips",) for side in SIDES},
    **{f"{side}_leg": (f"{side}_toes",) for side in SIDES},
})


def _segments() -> dict[tuple[str, str], float]:
    """Rigid distances between points (Winter's lengths and the split trunk); tests check them frame by frame."""
    pairs = {("pelvis", "lower_back"): PELVIS, ("lower_back", "mid_back"): LUMBAR, ("mid_back", "upper_back"): THORAX,
             ("upper_back", "head"): NECK}
    for side in SIDES:
        pairs[(f"{side}_hip", f"{side}_knee")] = THIGH
        pairs[(f"{side}_knee", f"{side}_ankle")] = SHANK
        pairs[(f"{side}_shoulder", f"{side}_elbow")] = UPPER_ARM
        pairs[(f"{side}_elbow", f"{side}_wrist")] = FOREARM
        pairs[(f"{side}_heel", f"{side}_toes")] = TOE - HEEL
        pairs[(f"{side}_wrist", f"{side}_fingertips")] = HAND - R_HAND
    return pairs


SEGMENTS = MappingProxyType(_segments())

#: Bumped whenever proportions, radii or the joint tree change, so cached pictures are drawn again.
MODEL_VERSION = "1"
