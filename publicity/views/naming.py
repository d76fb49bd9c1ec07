"""The naming notice (命名通报): the staff's page and the public pages.

Staff (provincial) prepare the running campaign's notice, edit the draft, preview
it (the page below the form, and the PDF) and publish it with a confirmation;
afterwards the page shows the published notice and its links. The public pages
show published notices only, the same for every visitor (``@cookie_free``): the
index by year, one year's notice with its list by unit, and its PDF as stored at
publication. A draft, or a year without a notice, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import DomainError
from longjiang.middleware import cookie_free
from longjiang.views import require
from nominations.selectors import running_campaign
from publicity import naming_text
from publicity.forms.naming import NamingForm, NamingPublishForm
from publicity.models import NamingNotice
from publicity.selectors.naming import (
    final_list_by_unit,
    naming_notice_of,
    numbered,
    people_count,
    published_naming_notice,
    published_naming_notices,
)
from publicity.selectors.results import publicity_result
from publicity.services.naming import (
    prepare_naming_notice,
    publish_naming_notice,
    render_naming_pdf,
    stored_pdf,
    update_naming_notice,
)

STAFF_PAGE = "publicity/naming/staff.html"
# How long browsers and proxies may keep a public page; the notice never changes
# once published, but the index gains a year.
PAGE_MAX_AGE = 300
PDF_MAX_AGE = 86400


def can_manage_naming(user) -> bool:
    """Provincial staff prepare and publish the naming notice."""
    return is_provincial(user)


def _paragraphs(notice: NamingNotice) -> list[str]:
    return [line.strip() for line in notice.body.splitlines() if line.strip()]


def _initial(notice: NamingNotice) -> dict:
    return {
        "title": notice.title,
        "doc_number": notice.doc_number,
        "issued_on": notice.issued_on,
        "body": notice.body,
    }


@login_required
@require_http_methods(["GET", "POST"])
def staff_naming(request: HttpRequest) -> HttpResponse:
    """Prepare, edit, preview and publish the running campaign's naming notice."""
    require(can_manage_naming(request.user))
    campaign = running_campaign()
    notice = naming_notice_of(campaign)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = publish_form = None
    refusal = ""
    if action == "prepare":
        try:
            prepare_naming_notice(campaign, actor=request.user)
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(request, _("命名通报草稿已生成，请填写文号并核对正文。"))
            return redirect("publicity:naming")
    if notice is not None and notice.status == NamingNotice.Status.DRAFT:
        if action == "save":
            form = NamingForm(request.POST)
            if form.is_valid():
                try:
                    update_naming_notice(notice, actor=request.user, **form.cleaned_data)
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("命名通报草稿已保存。"))
                    return redirect("publicity:naming")
        elif action == "publish":
            publish_form = NamingPublishForm(request.POST)
            if publish_form.is_valid():
                try:
                    publish_naming_notice(
                        notice, actor=request.user, confirmed=publish_form.cleaned_data["confirmed"]
                    )
                except DomainError as error:
                    publish_form.add_error(None, error.message)
                else:
                    messages.success(
                        request, _("命名通报已发布，命名名单人员已录入往届龙江工匠名录。")
                    )
                    return redirect("publicity:naming")
        form = form or NamingForm(initial=_initial(notice))
        publish_form = publish_form or NamingPublishForm()
    if notice is not None and notice.status == NamingNotice.Status.PUBLISHED:
        entries = notice.entries
    else:
        entries = final_list_by_unit(campaign)
    status = (
        422
        if (form is not None and form.errors) or (publish_form is not None and publish_form.errors)
        else 200
    )
    return render(
        request,
        STAFF_PAGE,
        {
            "campaign": campaign,
            "notice": notice,
            "result": publicity_result(campaign),
            "groups": numbered(entries),
            "count": people_count(entries),
            "paragraphs": _paragraphs(notice) if notice is not None else [],
            "form": form,
            "publish_form": publish_form,
            "refusal": refusal,
            "issuer": naming_text.ISSUER,
        },
        status=status,
    )


@login_required
@require_safe
def staff_naming_pdf(request: HttpRequest) -> HttpResponse:
    """The notice's PDF: a draft rendered now with the final list (a preview, not the
    document), a published notice as stored at publication."""
    require(can_manage_naming(request.user))
    notice = naming_notice_of(running_campaign())
    if notice is None:
        raise Http404
    if notice.status == NamingNotice.Status.PUBLISHED:
        content = stored_pdf(notice)
    else:
        content = render_naming_pdf(notice)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    return response


# --- Public -----------------------------------------------------------------------------


def _public(response: HttpResponse, max_age: int = PAGE_MAX_AGE) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _published(year: int) -> NamingNotice:
    notice = published_naming_notice(year)
    if notice is None:
        raise Http404
    return notice


@require_safe
@cookie_free
def public_index(request: HttpRequest) -> HttpResponse:
    """The published naming notices, newest year first."""
    notices = [
        {"notice": notice, "count": people_count(notice.entries)}
        for notice in published_naming_notices()
    ]
    return _public(render(request, "publicity/naming/public_index.html", {"notices": notices}))


@require_safe
@cookie_free
def public_notice(request: HttpRequest, year: int) -> HttpResponse:
    """One year's published notice: its text and the list by unit."""
    notice = _published(year)
    return _public(
        render(
            request,
            "publicity/naming/public_notice.html",
            {
                "notice": notice,
                "paragraphs": _paragraphs(notice),
                "groups": numbered(notice.entries),
                "count": people_count(notice.entries),
                "issuer": naming_text.ISSUER,
            },
        )
    )


@require_safe
@cookie_free
def public_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The notice's PDF, byte for byte as stored at publication."""
    notice = _published(year)
    response = HttpResponse(stored_pdf(notice), content_type="application/pdf")
    # An ASCII name: the year is all it needs, and no header encoding can go wrong.
    response["Content-Disposition"] = f'inline; filename="naming-notice-{notice.campaign.year}.pdf"'
    return _public(response, PDF_MAX_AGE)
