"""Comparing scenarios over the same seeds: runs, statistics, the table and the report."""
