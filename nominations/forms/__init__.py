"""Forms of the nominations app, one module per screen family."""
