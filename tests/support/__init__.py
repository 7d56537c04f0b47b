"""Helpers shared by the tests and the benchmarks: the real bot process, PostgreSQL databases, recorded SQL."""
