"""Request middleware of the portal."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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


class CookieFreeViewsMiddleware:
    """Serve views marked ``@cookie_free`` as if the request carried no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cookie_free", False):
            request.cookie_free = True
            # Without its cookie, SessionMiddleware neither saves nor deletes the session.
            request.COOKIES = {}
            request.session = self.session_store()
            request.user = AnonymousUser()
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None
