"""Broadsheet's benchmarks: `python -m benchmarks` (or `make bench`); see RESULTS.md."""
