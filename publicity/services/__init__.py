"""Publicity's writes, one module per subject (calendar, notices, objections, …)."""
