"""Benchmarks: `python -m bench` runs every module here that defines TITLE and run(quick) -> markdown."""
