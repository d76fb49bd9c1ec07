"""Reads of the expert review, scoped to the user who asks, one module per subject.

``candidates`` holds the rule of who may score whom (and so which sheets count);
every other read of pairs of experts and candidates is built on it.
"""
