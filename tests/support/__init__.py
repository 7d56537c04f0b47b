"""Helpers shared by the end-to-end tests and the benchmarks: running the real bot process."""
