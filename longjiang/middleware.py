"""Request middleware of the portal."""

from django.conf import settings
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
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
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
