"""Request middleware of the portal."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.cache import add_never_cache_headers, cc_delim_re, patch_vary_headers


class ChosenLanguageMiddleware:
    """Speak Simplified Chinese unless the user chose another language in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    clerk with an English-language browser would get a half-English portal.
    Only the language cookie set by the switcher changes the language here.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not getattr(request, "cookie_free", False):
            patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response


class PrivatePagesNotStoredMiddleware:
    """Tell browsers and proxies not to store any page served to a signed-in user.

    Every page behind the login may show personal data (names with ID numbers,
    phones, scores, complainants); ``no-store`` keeps it out of shared caches and
    the browser's back-forward history on a shared office computer. Public pages
    keep their own caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        already = "no-store" in response.headers.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not already:
            add_never_cache_headers(response)
        return response


def cookie_free(view):
    """Mark a public view whose response is the same for every visitor.

    CookieFreeViewsMiddleware then hides the visitor's cookies from it and from the
    middleware after it: no session is loaded or saved (no database query, no
    ``Set-Cookie``, no ``Vary: Cookie``), the user is anonymous and the language is
    the portal's own. Shared caches may then keep the response for everyone.
    """
    view.cookie_free = True
    return view


# Paths served only by cookie-free views: a URL under them that matches no view is
# answered with a cookie-free 404 page too (longjiang.views.page_not_found).
COOKIE_FREE_PREFIXES = ("/verify/", "/craftsmen/", "/naming/", "/publicity/files/")


def is_cookie_free_path(path: str) -> bool:
    """Whether every view under ``path``'s prefix is ``@cookie_free`` (or the public list)."""
    return path == "/publicity/" or path.startswith(COOKIE_FREE_PREFIXES)


def forget_cookies(request) -> None:
    """Serve ``request`` as if it carried no cookie: no session, no user, no CSRF secret.

    CsrfViewMiddleware has already read the ``csrftoken`` cookie: a malformed one
    left a fresh secret marked to be sent back (``CSRF_COOKIE_NEEDS_UPDATE``), which
    emptying ``request.COOKIES`` would not undo; both keys are dropped here.
    """
    request.cookie_free = True
    # Without its cookie, SessionMiddleware neither saves nor deletes the session.
    request.COOKIES = {}
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    request.META.pop("CSRF_COOKIE", None)
    request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    translation.activate(settings.LANGUAGE_CODE)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE


def strip_cookies(response) -> None:
    """Drop every ``Set-Cookie`` of ``response`` and ``Cookie`` from its ``Vary`` header."""
    response.cookies.clear()
    if response.has_header("Vary"):
        kept = [
            field
            for field in cc_delim_re.split(response.headers["Vary"])
            if field and field.lower() != "cookie"
        ]
        if kept:
            response.headers["Vary"] = ", ".join(kept)
        else:
            del response.headers["Vary"]


class CookieFreeViewsMiddleware:
    """Serve views marked ``@cookie_free`` as if the request carried no cookie.

    It comes right after SecurityMiddleware, outside the session, language and CSRF
    middleware, so that whatever they add to a cookie-free response on its way
    out (a cookie, ``Vary: Cookie``) is taken off again: a cookie-free response is
    the same for every visitor whatever the request carried.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "cookie_free", False):
            strip_cookies(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cookie_free", False):
            forget_cookies(request)
        return None
