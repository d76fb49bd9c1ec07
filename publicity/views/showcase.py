"""The showcase of past craftsmen (往届龙江工匠): the public list, profile and photo, and
the staff's pages to decide what each profile shows and to publish it.

The public views are ``@cookie_free`` and the same for every visitor: no session,
no cookie, cacheable for ``MAX_AGE`` seconds, a constant number of queries
whatever the register's size. A profile staff take down leaves shared caches
within that time.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.middleware import cookie_free
from longjiang.views import require
from nominations.models import Craftsman
from publicity.forms.showcase import (
    ProfileForm,
    PublicFilterForm,
    StaffFilterForm,
    UnpublishForm,
)
from publicity.models import ShowcaseProfile
from publicity.selectors.showcase import (
    public_facets,
    public_photo,
    public_profile,
    published_profiles,
    register_for_showcase,
    register_years,
    search_public,
)
from publicity.services.showcase import (
    initial_deeds,
    publish_profile,
    save_profile,
    unpublish_profile,
)

# How long a browser or proxy may keep a public page or photo.
MAX_AGE = 300
PUBLIC_PAGE_SIZE = 24
STAFF_PAGE_SIZE = 50


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _page(request: HttpRequest, items, size: int):
    """The requested page of ``items``; a page number that does not exist is a 404."""
    paginator = Paginator(items, size)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404 from None


@require_safe
@cookie_free
def craftsmen(request: HttpRequest) -> HttpResponse:
    """The published profiles, filtered by year, union and industry, searched by name and
    employer, a page of cards at a time. Invalid filters are ignored, with a note."""
    facets = public_facets()
    form = PublicFilterForm(request.GET, facets=facets)
    filters, ignored = form.filters()
    page = _page(request, search_public(published_profiles(), **filters), PUBLIC_PAGE_SIZE)
    filtered = any(filters.values())
    return _public(
        render(
            request,
            "publicity/showcase/public_list.html",
            {
                "form": form,
                "page": page,
                "filtered": filtered,
                "ignored": ignored,
                "facets": facets,
            },
        )
    )


@require_safe
@cookie_free
def craftsman(request: HttpRequest, pk: int) -> HttpResponse:
    """One published profile: only what staff chose to show."""
    profile = public_profile(pk)
    return _public(render(request, "publicity/showcase/public_profile.html", {"profile": profile}))


@require_safe
@cookie_free
def craftsman_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The photo of a published profile whose person consented; 404 otherwise."""
    profile = public_photo(pk)
    response = protected_file_response(
        profile.photo, filename=f"craftsman-{pk}.jpg", content_type="image/jpeg"
    )
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


# Staff.


def can_manage_showcase(user) -> bool:
    """Provincial staff decide what the showcase shows."""
    return is_provincial(user)


@login_required
@require_safe
def showcase(request: HttpRequest) -> HttpResponse:
    """The register with each person's profile state, filtered and paged."""
    require(can_manage_showcase(request.user))
    form = StaffFilterForm(request.GET or None, years=register_years())
    page = _page(request, register_for_showcase(**form.filters()), STAFF_PAGE_SIZE)
    counts = {
        "total": Craftsman.objects.count(),
        "published": ShowcaseProfile.objects.filter(published=True).count(),
    }
    return render(
        request,
        "publicity/showcase/staff_list.html",
        {"form": form, "page": page, "counts": counts},
    )


@login_required
@require_safe
def showcase_photo(request: HttpRequest, craftsman_pk: int) -> HttpResponse:
    """The stored photo of a profile, published or not, for staff to check."""
    require(can_manage_showcase(request.user))
    profile = get_object_or_404(
        ShowcaseProfile.objects.exclude(photo=""), craftsman_id=craftsman_pk
    )
    return protected_file_response(
        profile.photo, filename=f"craftsman-{craftsman_pk}.jpg", content_type="image/jpeg"
    )


def _profile_initial(craftsman: Craftsman, profile: ShowcaseProfile | None) -> dict:
    if profile is None:
        return {
            "show_employer": True,
            "show_post": True,
            "show_deeds": True,
            "deeds": initial_deeds(craftsman),
        }
    return {
        "show_employer": profile.show_employer,
        "show_post": profile.show_post,
        "show_deeds": profile.show_deeds,
        "deeds": profile.deeds,
        "photo_consent": profile.photo_consent,
        "photo_consent_note": profile.photo_consent_note,
    }


@login_required
@require_http_methods(["GET", "POST"])
def showcase_edit(request: HttpRequest, craftsman_pk: int) -> HttpResponse:
    """Create or edit a craftsman's profile (action "save"), publish or unpublish it."""
    require(can_manage_showcase(request.user))
    person = get_object_or_404(Craftsman.objects.select_related("unit"), pk=craftsman_pk)
    profile = ShowcaseProfile.objects.filter(craftsman=person).first()
    action = request.POST.get("action", "save")
    form = ProfileForm(initial=_profile_initial(person, profile))
    unpublish_form = UnpublishForm()
    if request.method == "POST" and action == "save":
        form = ProfileForm(request.POST, request.FILES, initial=_profile_initial(person, profile))
        if form.is_valid():
            try:
                save_profile(
                    person,
                    actor=request.user,
                    choices=form.choices(),
                    photo=form.cleaned_data["photo"],
                    remove_photo=form.cleaned_data["remove_photo"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("展示页已保存。"))
                return redirect("publicity:showcase_edit", craftsman_pk=person.pk)
    elif request.method == "POST" and profile is None:
        messages.error(request, _("请先保存展示页，再公开。"))
        return redirect("publicity:showcase_edit", craftsman_pk=person.pk)
    elif request.method == "POST" and action == "publish":
        try:
            publish_profile(profile, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("展示页已公开，公众可在“往届龙江工匠”中看到。"))
        return redirect("publicity:showcase_edit", craftsman_pk=person.pk)
    elif request.method == "POST" and action == "unpublish":
        unpublish_form = UnpublishForm(request.POST)
        if unpublish_form.is_valid():
            try:
                unpublish_profile(
                    profile, actor=request.user, reason=unpublish_form.cleaned_data["reason"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("展示页已撤下；浏览器或代理缓存的页面最迟%(minutes)s分钟后失效。")
                    % {"minutes": MAX_AGE // 60},
                )
            return redirect("publicity:showcase_edit", craftsman_pk=person.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "publicity/showcase/staff_edit.html",
        {
            "person": person,
            "profile": profile,
            "form": form,
            "unpublish_form": unpublish_form,
        },
    )
