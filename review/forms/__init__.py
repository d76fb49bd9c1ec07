"""Forms of the expert review's screens, one module per subject. Rules that span rows are
the services'."""
