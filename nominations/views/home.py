"""The public home page and each role's landing page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from longjiang.accounts import roles
from longjiang.accounts.models import Unit
from nominations.selectors import current_campaign


def home(request: HttpRequest) -> HttpResponse:
    """Show the campaign's key dates and the notice's contact block to everyone."""
    response = render(
        request,
        "accounts/home.html",
        {
            "campaign": current_campaign(),
            "now": timezone.now(),
            "city_units": Unit.objects.filter(kind=Unit.Kind.CITY, is_active=True),
            "industry_units": Unit.objects.filter(kind=Unit.Kind.INDUSTRY, is_active=True),
        },
    )
    # Anonymous visitors get a shared, cacheable page; a signed-in user's page names them.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work is."""
    if roles.is_clerk(request.user) or roles.is_provincial(request.user):
        return redirect("nominations:list")
    # By URL name: nominations does not import the review stage.
    if roles.is_expert(request.user):
        return redirect("review:home")
    if roles.is_council(request.user):
        return redirect("review:council")
    return render(request, "accounts/dashboard.html", {"campaign": current_campaign()})
