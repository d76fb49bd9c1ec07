"""Publicity forms, one module per subject."""
