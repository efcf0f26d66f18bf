"""Benchmarks: synthetic data, saved query shapes, physical floors and the runner."""
