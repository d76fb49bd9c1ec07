"""How a serving process is prepared once the application has loaded.

``prepare_process()`` is the one place of that policy. ``longjiang/wsgi.py``
calls it after ``get_wsgi_application()``, and ``bench/lists.py`` imports
``longjiang.wsgi`` so that the benchmark measures the process production runs
(docs/decisions.md, "Freezing the loaded application for the garbage collector").
"""

import gc

# Generation 0's threshold: allocations (net of deallocations) of container
# objects between two young collections. Python's default is 700; the ranking
# page creates some 50,000 objects a request, which at 700 means about seventy
# young collections a request and a full collection every second request or so.
YOUNG_THRESHOLD = 10_000


def prepare_process() -> None:
    """Load what every request uses, then take it out of the cyclic collector's walk.

    Call once per process, after ``django.setup()`` (``get_wsgi_application()``
    does it). Imports the URLconf (and with it every view module), collects the
    garbage of start-up, and freezes what is left: the modules, classes,
    functions, settings, URL patterns and translations stay alive for the
    process's life, and a full collection no longer walks them on every request.
    Under gunicorn with ``--preload`` this runs in the master before the
    workers fork, so the frozen objects' pages are also never written by a
    collection and stay shared between the workers.

    The collector stays enabled: requests still get their cycles collected.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
