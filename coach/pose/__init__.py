"""The pose model behind the exercise pictures: a jointed figure, what each card's positions look like.

Pure like the rest of ``coach``: no drawing, no files written, no clock. The ``pictures`` package draws from it.

- ``geometry``: 3D vectors and matrices in plain floats, a small linear solver.
- ``body``: proportions (Winter 2009), the joint tree with range limits, named body points and parts.
- ``kinematics``: forward kinematics (every point from the angles) and its Jacobian.
- ``props``: floor, mat, wall, bench or chair, band and anchor, dumbbell, kettlebell, stick; contact gaps.
- ``solve``: the nearest pose to the described one that keeps its contacts on their surfaces.
- ``describe`` (+ ``coach/poses.toml``): one pose description per catalogue card, loaded and validated.
- ``motion``: solved keyframes, the 2-4 s looping timeline and the in-between frames.
"""

from coach.pose.describe import PoseDescription, PoseError, load_poses, parse_poses
from coach.pose.motion import Frame, Pose, animate, frames, keyposes, solve_keyframes

__all__ = [
    "Frame",
    "Pose",
    "PoseDescription",
    "PoseError",
    "animate",
    "frames",
    "keyposes",
    "load_poses",
    "parse_poses",
    "solve_keyframes",
]
