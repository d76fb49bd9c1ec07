"""Receiving objections: the public's form and receipt, the receipt lookup, the staff's log.

The receipt is the response to the POST itself (never a redirect): the private
code is shown exactly once, in a page that may not be stored (``no-store``), and
nothing about the objection is ever in a URL or a session. Reloading that page
posts the form again; its signed token is then spent, and the reply says the
objection was already filed instead of filing it twice.

The public form is guarded without any outside service: a honeypot field, a
signed time of rendering (a submission within ``OBJECTION_FORM_MIN_SECONDS`` is
refused as a bot's), and the per-address rate limits (``RATE_LIMITS``): every
POST counts towards a high flood limit, but only accepted filings count towards
the objection limit, so a complainant who makes mistakes is not locked out; the
lookup counts only wrong pairs (guesses) towards its limit.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from longjiang.accounts.roles import handles_objections
from longjiang.exceptions import DomainError
from longjiang.ratelimit import hit, peek, rate_limited, too_many_requests
from longjiang.views import require
from publicity.forms.objections import (
    LookupForm,
    ObjectionForm,
    StaffObjectionForm,
    new_form_token,
    read_form_token,
)
from publicity.models import Notice, PublicitySettings, Source
from publicity.selectors.notices import current_persons, live_notices
from publicity.selectors.objections import (
    lookup_status,
    next_or_last_notice,
    notice_entries,
    published_notices,
)
from publicity.services.objections import receive_objection

logger = logging.getLogger(__name__)

FORM = "publicity/objections/new.html"
RECEIPT = "publicity/objections/receipt.html"


def _spent_key(nonce: str) -> str:
    return f"publicity:objection-form:{nonce}"


def _file(form: ObjectionForm, notices: list[Notice], request: HttpRequest):
    data = form.cleaned_data
    notice = next(n for n in notices if n.pk == data["notice_id"])
    nomination = notice_entries(notice).get(nomination_id=data["nomination_id"]).nomination
    return receive_objection(
        notice,
        nomination=nomination,
        source=Source.ONLINE,
        complainant_kind=data["complainant_kind"],
        complainant_name=data["complainant_name"],
        complainant_unit=data["complainant_unit"],
        complainant_phone=data["complainant_phone"],
        complainant_address=data["complainant_address"],
        complainant_email=data["complainant_email"],
        facts=data["facts"],
        declared_truthful=data["declared_truthful"],
        evidence=data["evidence"],
        request=request,
    )


# Who complained (and the facts, which often name them) never reach an error report.
COMPLAINANT_POST_FIELDS = (
    "complainant_name",
    "complainant_unit",
    "complainant_phone",
    "complainant_address",
    "complainant_email",
    "facts",
)


@sensitive_post_parameters(*COMPLAINANT_POST_FIELDS)
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("objection_post")
def objection_new(request: HttpRequest) -> HttpResponse:
    """The public's objection form while a notice is live; the receipt in reply to the POST."""
    now = timezone.now()
    notices = live_notices(now)
    if not notices:
        return render(
            request, "publicity/objections/closed.html", {"notice": next_or_last_notice(now)}
        )
    policy = PublicitySettings.objects.filter(campaign=notices[0].campaign).first()
    context = {
        "notices": notices,
        "lead_policy": policy is None or policy.anonymous_policy == "lead",
    }
    if request.method != "POST":
        form = ObjectionForm(
            notices=notices, entries_of=current_persons, initial={"form_token": new_form_token()}
        )
        return render(request, FORM, {**context, "form": form})

    retry_after = peek("objection", request)
    if retry_after is not None:
        return too_many_requests(request, "objection", retry_after)
    form = ObjectionForm(request.POST, request.FILES, notices=notices, entries_of=current_persons)
    token = read_form_token(request.POST.get("form_token", ""))
    if request.POST.get("website"):
        # A honeypot filled in: say nothing useful to the bot.
        logger.info("objection form refused: honeypot")
        return render(request, "publicity/objections/refused.html", status=400)
    if token is None:
        form.is_valid()
        form.add_error(None, _("页面已过期，请核对填写内容后重新提交。"))
        return _form_again(request, form, context, fresh_token=True)
    if time.time() - token["t"] < settings.OBJECTION_FORM_MIN_SECONDS:
        logger.info("objection form refused: submitted too fast")
        form.is_valid()
        form.add_error(None, _("提交过快。请核对填写内容，稍候再次提交。"))
        return _form_again(request, form, context)
    if not form.is_valid():
        return _form_again(request, form, context)
    if not cache.add(_spent_key(token["n"]), 1, timeout=settings.OBJECTION_FORM_MAX_AGE):
        return render(request, "publicity/objections/already.html", status=409)
    try:
        objection, code = _file(form, notices, request)
    except DomainError as exc:
        cache.delete(_spent_key(token["n"]))
        form.add_error(None, exc.message)
        return _form_again(request, form, context)
    # Only an accepted filing counts towards the objection limit.
    hit("objection", request)
    return render(request, RECEIPT, {"objection": objection, "code": code, "public": True})


def _form_again(request, form, context, *, fresh_token=False) -> HttpResponse:
    """Show the form with its errors and everything typed; files must be chosen again."""
    if fresh_token:
        form.data = form.data.copy()
        form.data["form_token"] = new_form_token()
    return render(request, FORM, {**context, "form": form, "reselect_files": bool(form.files)})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("objection_lookup_post")
def objection_lookup(request: HttpRequest) -> HttpResponse:
    """Receipt number and private code → the objection's status; one message for any wrong pair."""
    status = None
    if request.method == "POST":
        retry_after = peek("objection_lookup", request)
        if retry_after is not None:
            return too_many_requests(request, "objection_lookup", retry_after)
        form = LookupForm(request.POST)
        if form.is_valid():
            status = lookup_status(form.cleaned_data["receipt_number"], form.cleaned_data["code"])
            if status is None:
                # A wrong pair may be a guess: it counts; a right one does not.
                hit("objection_lookup", request)
                form.add_error(None, _("受理编号或查询码不正确，请核对后重新输入。"))
            else:
                # The code is not echoed back into the page.
                form = LookupForm(initial={"receipt_number": status.receipt_number})
    else:
        form = LookupForm()
    return render(request, "publicity/objections/lookup.html", {"form": form, "status": status})


def _notices_for_staff(now) -> list[Notice]:
    """Notices staff may log objections against: published and opened, newest first."""
    return [n for n in published_notices().order_by("-starts_on", "-pk") if n.opens_at() <= now]


@sensitive_post_parameters(*COMPLAINANT_POST_FIELDS)
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def objection_log(request: HttpRequest) -> HttpResponse:
    """Staff who handle objections log one that came by letter, phone, visit or email."""
    require(handles_objections(request.user))
    now = timezone.now()
    notices = _notices_for_staff(now)
    rule = "sent"
    if notices:
        policy, _created = PublicitySettings.objects.get_or_create(campaign=notices[0].campaign)
        rule = policy.postmark_rule
    kwargs = {"notices": notices, "entries_of": current_persons, "postmark_rule": rule}
    if request.method == "POST":
        form = StaffObjectionForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            notice = next(n for n in notices if n.pk == data["notice_id"])
            nomination = notice_entries(notice).get(nomination_id=data["nomination_id"]).nomination
            try:
                objection, code = receive_objection(
                    notice,
                    nomination=nomination,
                    source=data["source"],
                    complainant_kind=data["complainant_kind"],
                    complainant_name=data["complainant_name"],
                    complainant_unit=data["complainant_unit"],
                    complainant_phone=data["complainant_phone"],
                    complainant_address=data["complainant_address"],
                    complainant_email=data["complainant_email"],
                    unit_sealed=data["unit_sealed"],
                    facts=data["facts"],
                    declared_truthful=data["declared_truthful"],
                    evidence=data["evidence"],
                    received_at=data["received_at"],
                    postmark_date=data["postmark_date"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(
                    request, RECEIPT, {"objection": objection, "code": code, "public": False}
                )
    else:
        form = StaffObjectionForm(**kwargs)
    return render(
        request,
        "publicity/objections/log.html",
        {"form": form, "notices": notices, "reselect_files": bool(form.files)},
    )
