"""Calibration: fitting the model's unmeasured parameters to published targets (ABC-SMC), the
record a reviewer reruns, and the posterior the planner's comparisons draw from."""
