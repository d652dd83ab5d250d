"""Vectorised household rules: each a function of the household columns for one month."""
