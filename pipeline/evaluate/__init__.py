"""Measurements of the pipeline's own quality, shared by the tests and the benchmark."""
