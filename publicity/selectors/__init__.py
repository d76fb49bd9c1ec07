"""Publicity reads, scoped to the user; one module per subject."""
