"""Views of the nominations app, one module per screen group."""
