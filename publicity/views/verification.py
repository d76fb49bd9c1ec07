"""The public verification of a certificate: the page its QR code opens, and the
lookup of a paper certificate by its serial and the holder's name.

Both need no login and set no cookie (``@cookie_free``). They show only what a
``Verification`` holds: 有效 or 已撤销 (with the date of the revocation, never its
reason), the name, the unit, the title, the year, the serial and the date of
issue (docs/security.md, "Certificate verification").

- The QR-code page answers an unknown token and a malformed one with the same
  404 page (the portal's 404 skeleton, the same bytes and headers), so tokens
  cannot be enumerated; each such miss counts towards ``verify_token``, and once
  that is spent every token waits, the right ones too. Every request counts
  towards the much higher ``verify_token_get``. Found or not, the page may be
  kept by browsers and proxies for ``MAX_AGE`` seconds: a revocation shows
  everywhere within a minute.
- The lookup is a POST, so neither the serial nor the name reaches a URL, an
  access log or the browser's history. It is CSRF-exempt: it changes nothing,
  and a CSRF token would need the cookie public pages must not set. A pair that
  matches nothing gets one message, whichever half was wrong, and counts towards
  ``verify_lookup``; every POST counts towards ``verify_lookup_post``.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from longjiang.middleware import cookie_free
from longjiang.ratelimit import hit, peek, rate_limited, too_many_requests
from publicity.forms.verification import CertificateLookupForm
from publicity.selectors.verification import verify_serial_and_name, verify_token

# How long a browser or proxy may keep a verification page, in seconds: a revoked
# certificate shows as revoked everywhere at most this long after the revocation.
MAX_AGE = 60
# The lookup's empty form is the same for everyone and never changes with the data.
FORM_MAX_AGE = 300


def _site_host() -> str:
    """The portal's own address, shown so a visitor can tell a look-alike site apart."""
    return settings.LONGJIANG_SITE_URL.split("://", 1)[-1].rstrip("/")


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    # A holder's name and unit are shown to whoever has the code, not to search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@cookie_free
@require_safe
@rate_limited("verify_token_get", methods=("GET", "HEAD"))
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The page a certificate's QR code opens: 有效 or 已撤销 and the printed fields."""
    retry_after = peek("verify_token", request)
    if retry_after is not None:
        return too_many_requests(request, "verify_token", retry_after)
    verification = verify_token(token)
    if verification is None:
        # Unknown and malformed tokens alike: one miss, and the portal's 404 page.
        hit("verify_token", request)
        response = render(request, "publicity/verify/not_found.html", status=404)
    else:
        response = render(
            request,
            "publicity/verify/certificate.html",
            {"verification": verification, "site_host": _site_host()},
        )
    return _public(response, MAX_AGE)


@cookie_free
@csrf_exempt
@sensitive_post_parameters("name")
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited("verify_lookup_post")
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Verify a paper certificate by its serial and the holder's name, without the QR code."""
    verification = None
    if request.method == "POST":
        retry_after = peek("verify_lookup", request)
        if retry_after is not None:
            return too_many_requests(request, "verify_lookup", retry_after)
        form = CertificateLookupForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            verification = verify_serial_and_name(data["serial"], data["name"])
            if verification is None:
                # A pair that matches nothing may be a guess: it counts; a right one does not.
                hit("verify_lookup", request)
                form.add_error(
                    None,
                    _(
                        "未查到与该证书编号和姓名相符的证书。请核对证书上印制的编号和姓名后重新输入。"
                    ),
                )
    else:
        form = CertificateLookupForm()
    response = render(
        request,
        "publicity/verify/lookup.html",
        {"form": form, "verification": verification, "site_host": _site_host()},
    )
    if request.method == "POST":
        # The answer names the holder (and echoes what was typed): never stored.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return _public(response, FORM_MAX_AGE)
