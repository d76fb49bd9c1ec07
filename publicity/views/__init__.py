"""Publicity views, one module per subject."""
