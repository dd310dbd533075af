"""Benchmarks and the soak test, run outside the test suite: `make bench`, `make soak`."""
