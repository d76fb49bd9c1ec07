"""Documents the portal produces, whoever asks for them and however.

``registry`` holds one entry per kind of document, registered by the app that
owns it; the web jobs (``longjiang.jobs``) and ``manage.py export`` both read
it. ``export`` is what every builder returns.
"""
