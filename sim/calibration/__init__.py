"""Calibration: fitting uncertain parameters to reported figures, and using what was fitted."""
