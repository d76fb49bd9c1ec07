"""Staff's expert pool: add one expert, import a list, the template, campaigns, passwords.

Staff never see an expert's password: a new account, and a reset, send the expert
a one-time link to set one (``longjiang.accounts.services.send_password_link``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from longjiang.accounts.models import Unit
from longjiang.accounts.notifications import link_sent_message, link_valid_hours
from longjiang.accounts.services import send_password_link
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions, services
from review.documents import experts as expert_workbook
from review.forms.experts import ActivationForm, ExpertEmailForm, ExpertForm, ExpertImportForm
from review.models import IndustryGroup
from review.selectors.experts import expert_pool, experts_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pool_context(request: HttpRequest, campaign, form) -> dict:
    return {
        "campaign": campaign,
        "form": form,
        "experts": list(expert_pool(request.user, campaign)),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def expert_list(request: HttpRequest) -> HttpResponse:
    """The expert pool, and the form that adds one expert."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.add_expert(campaign, actor=request.user, **form.cleaned_data)
        except services.InvalidExpert as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            return render(
                request,
                "review/expert_created.html",
                {"campaign": campaign, "accounts": [account], "hours": link_valid_hours()},
            )
    return render(request, "review/experts.html", _pool_context(request, campaign, form))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    """Upload an expert list; the answer reports every row and where its link went."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    form = ExpertImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_experts(
                campaign,
                actor=request.user,
                content=b"".join(upload.chunks()),
                filename=upload.name[:200],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "review/expert_import.html",
        {"campaign": campaign, "form": form, "report": report, "hours": link_valid_hours()},
    )


@login_required
@require_GET
def expert_template(request: HttpRequest) -> HttpResponse:
    """Download the blank expert list."""
    require(permissions.can_manage_review(request.user))
    content = expert_workbook.build_expert_template(
        specialties=[str(label) for _value, label in IndustryGroup.choices],
        units=list(Unit.objects.filter(is_active=True).values_list("code", "name")),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _("专家名单模板.xlsx"))
    return response


@login_required
@require_POST
def expert_activation(request: HttpRequest, expert_id: int) -> HttpResponse:
    """Let an expert take part in this year's review, or no longer."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    expert = get_object_or_404(experts_visible_to(request.user), pk=expert_id)
    form = ActivationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效，请重试。"))
        return redirect("review:experts")
    active = form.cleaned_data["active"]
    try:
        services.set_expert_active(expert, campaign=campaign, active=active, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        message = _("%(name)s已参加本年度评审。") if active else _("%(name)s不再参加本年度评审。")
        messages.success(request, message % {"name": expert})
    return redirect("review:experts")


@login_required
@require_POST
def expert_password(request: HttpRequest, expert_id: int) -> HttpResponse:
    """Mail the expert a one-time link to set a new password; staff see no password."""
    require(permissions.can_manage_review(request.user))
    expert = get_object_or_404(
        experts_visible_to(request.user).select_related("user"), pk=expert_id
    )
    try:
        email = send_password_link(expert.user, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, link_sent_message(email))
    return redirect("review:experts")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def expert_email(request: HttpRequest, expert_id: int) -> HttpResponse:
    """Add or correct the email of an expert's account, so a link to set a password can go."""
    require(permissions.can_manage_review(request.user))
    expert = get_object_or_404(
        experts_visible_to(request.user).select_related("user"), pk=expert_id
    )
    form = ExpertEmailForm(
        request.POST if request.method == "POST" else None,
        initial={"email": expert.user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_expert_email(expert, email=form.cleaned_data["email"], actor=request.user)
        except DomainError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request,
                _("已将%(name)s的电子邮箱改为%(email)s，现在可以发送设置密码链接。")
                % {"name": expert, "email": expert.user.email},
            )
            return redirect("review:experts")
    return render(
        request,
        "review/expert_email.html",
        {"campaign": running_campaign(), "expert": expert, "form": form},
    )
