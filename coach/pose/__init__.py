"""The pose model behind the exercise pictures: a jointed figure, what each card's positions look like.

Pure like the rest of ``coach``: no drawing, no files written, no clock. The ``pictures`` package draws from it.

- ``geometry``: 3D vectors and matrices in plain floats, a small linear solver.
- ``body``: proportions (Winter 2009), the joint tree with range limits, named body points and parts.
- ``kinematics``: forward kinematics (every point from the angles) and its Jacobian.
- ``props``: floor, mat, wall, bench or chair, band and anchor, dumbbell, kettlebell, stick; contact gaps.
- ``solve``: the nearest pose to the described one that keeps its contacts on their surfaces.
"""
