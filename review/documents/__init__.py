"""The review's document builders: pure functions from plain data to bytes."""
