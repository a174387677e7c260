"""Checking what is said: the claims registry and its rubric, the facts of the pages' prose, the change log, coverage and re-check dates."""
