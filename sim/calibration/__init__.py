"""Calibration of povsim against published figures: the record and its report."""
