"""Screens of the expert review: the expert's side, and staff's experts, panels and conflicts."""
