"""Benchmarks that print figures (never timed asserts); ``python -m bench`` lists them."""
