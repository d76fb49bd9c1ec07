"""The PDF pieces every stage uses."""
