"""The unit's nomination screens: list, form, detail and the workflow buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from longjiang.accounts import roles
from longjiang.accounts.models import Unit
from longjiang.exceptions import ConflictError, DomainError
from longjiang.views import require
from nominations import attachment1, permissions, presentation, selectors, services
from nominations.forms.intake import (
    AttachmentForm,
    NominationForm,
    build_formsets,
    formset_rows,
    without_stale_rows,
)
from nominations.models import CheckRound, Nomination
from nominations.presentation import field_label
from nominations.rules import GENERAL, submission_problems
from nominations.selectors import running_campaign, visible_nomination
from nominations.selectors.laureates import repeat_matches
from nominations.workflow import EDITABLE_STATES, Status

STAFF_PAGE_SIZE = 50
# A unit sends about 20 nominations; a page of 50 keeps even an unusually large
# unit's list fast to render (issue 9: under 150 ms p95).
UNIT_PAGE_SIZE = 50


@login_required
@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    """The unit's own list for clerks; every unit's, filtered and paged, for staff."""
    user = request.user
    require(permissions.can_nominate(user) or roles.is_provincial(user))
    campaign = running_campaign()
    if permissions.can_nominate(user):
        page = Paginator(selectors.nomination_list(user, campaign), UNIT_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        deadline = selectors.effective_deadline(campaign, user.unit)
        return render(
            request,
            "nominations/unit_list.html",
            {
                "campaign": campaign,
                "page": page,
                "required_count": selectors.REQUIRED_COUNT,
                "deadline": deadline,
                "intake_open": timezone.now() <= deadline,
                "unit_contact": selectors.unit_contact(campaign, user.unit),
            },
        )
    units = Unit.objects.exclude(kind=Unit.Kind.PROVINCE)
    code = request.GET.get("unit", "")
    unit = units.filter(code=code).first() if code else None
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = Paginator(
        selectors.nomination_list(user, campaign, unit=unit, status=status or None),
        STAFF_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "nominations/staff_list.html",
        {
            "campaign": campaign,
            "page": page,
            "units": units,
            "unit": unit,
            "status": status,
            "statuses": Status.choices,
            "matrix": selectors.status_matrix(user, campaign),
            "matrix_statuses": [s for s in Status if s != Status.CANCELLED],
            "required_count": selectors.REQUIRED_COUNT,
        },
    )


def _correction_comments(nomination) -> dict[str, list[str]]:
    """Return the comments of the return being corrected, by field."""
    if nomination.status != Status.RETURNED:
        return {}
    decision = selectors.latest_decision(nomination)
    comments: dict[str, list[str]] = {}
    for comment in decision.comments.all():
        comments.setdefault(comment.field, []).append(comment.comment)
    return comments


def _form_context(nomination, form, formsets, problems=None) -> dict:
    problems = problems or {}
    # The register is matched on what was saved: a new nomination is not yet matched.
    repeat = repeat_matches(nomination) if nomination.pk else []
    comments = _correction_comments(nomination) if nomination.pk else {}
    sections = [
        {
            "section": section,
            "fields": [
                {
                    "field": form[name],
                    "problems": problems.get(name, []),
                    "comments": comments.get(name, []),
                    "wide": name in attachment1.WIDE_FIELDS,
                    "counter": name in attachment1.DEEDS_LIMITS,
                    "warning": form.warnings.get(name, "") if hasattr(form, "warnings") else "",
                }
                for name in section.fields
            ],
        }
        for section in attachment1.SECTIONS
    ]
    repeatables = [
        {
            "name": name,
            "title": title,
            "help": help_text,
            "formset": formsets[name],
            "problems": problems.get(name, []),
            "comments": comments.get(name, []),
        }
        for name, title, help_text in attachment1.REPEATABLE
    ]
    context = {
        "nomination": nomination,
        "form": form,
        "sections": sections,
        "repeatables": repeatables,
        "problems": problems,
        "general_problems": problems.get(GENERAL, []),
        "photo_problems": problems.get("photo", []),
        "photo_comments": comments.get("photo", []),
        "general_comments": comments.get(attachment1.GENERAL_COMMENT, []),
        "decision": selectors.latest_decision(nomination) if comments else None,
        "problem_count": sum(len(v) for v in problems.values()),
        "repeat": repeat,
    }
    if nomination.pk:
        context["attachment_form"] = AttachmentForm(nomination=nomination)
        context["attachments"] = list(
            nomination.attachments.select_related("award", "honour").order_by("kind", "id")
        )
    return context


def _render_form(request, nomination, form, formsets, problems=None, status=200):
    return render(
        request,
        "nominations/form.html",
        _form_context(nomination, form, formsets, problems),
        status=status,
    )


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _conflict(request: HttpRequest, nomination: Nomination, form, formsets) -> HttpResponse:
    """Show the user's own input with who saved in between; saving again overwrites."""
    current = Nomination.objects.select_related("updated_by").get(pk=nomination.pk)
    message = services.conflict_error(current).message
    messages.error(request, message + _("再次点击“保存”将以您页面上的内容覆盖。"))
    form.is_valid()  # Show any field errors in the user's input as well.
    context = _form_context(current, form, formsets)
    context["version"] = current.version
    return render(request, "nominations/form.html", context, status=409)


def _save(request: HttpRequest, nomination: Nomination | None) -> HttpResponse:
    """Validate the posted form, save it as a draft, then submit if asked to."""
    user = request.user
    campaign = running_campaign()
    instance = nomination or Nomination(campaign=campaign, unit=user.unit)
    if nomination is not None and _posted_version(request) != nomination.version:
        # Checked before validation: rows deleted by the other save would otherwise
        # fail as invalid hidden ids, with nothing on the page saying why.
        data = without_stale_rows(request.POST, nomination)
        form = NominationForm(data, instance=instance)
        formsets = build_formsets(instance, data)
        return _conflict(request, nomination, form, formsets)
    form = NominationForm(request.POST, instance=instance)
    formsets = build_formsets(instance, request.POST)
    if not (form.is_valid() and all(fs.is_valid() for fs in formsets.values())):
        messages.error(
            request, _("请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。")
        )
        return _render_form(request, nomination or instance, form, formsets)
    rows = {name: formset_rows(fs) for name, fs in formsets.items()}
    try:
        if nomination is None:
            nomination = services.create_nomination(
                campaign, unit=user.unit, actor=user, fields=form.service_fields(), rows=rows
            )
        else:
            nomination = services.save_draft(
                nomination,
                actor=user,
                expected_version=_posted_version(request),
                fields=form.service_fields(),
                rows=rows,
            )
    except services.DuplicateNomination as exc:
        form.add_error("id_number", exc.message)
        messages.error(
            request, _("请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。")
        )
        return _render_form(request, nomination or instance, form, formsets)
    except ConflictError:
        return _conflict(request, nomination, form, formsets)
    except services.NotEditable as exc:
        messages.error(request, exc.message)
        return redirect("nominations:detail", pk=nomination.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_form(request, nomination or instance, form, formsets)
    for warning in form.warnings.values():
        messages.warning(request, warning)

    if request.POST.get("action") != "submit":
        messages.success(request, _("草稿已保存。"))
        return redirect("nominations:edit", pk=nomination.pk)
    return _submit(request, nomination)


def _submit(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    try:
        services.submit_nomination(nomination, actor=request.user)
    except services.IncompleteNomination as exc:
        count = sum(len(v) for v in exc.problems.values())
        messages.warning(
            request,
            ngettext(
                "内容已保存为草稿，但还不能提交：请补充下方标出的%(n)d处内容。",
                "内容已保存为草稿，但还不能提交：请补充下方标出的%(n)d处内容。",
                count,
            )
            % {"n": count},
        )
        fresh = Nomination.objects.get(pk=nomination.pk)
        return _render_form(
            request, fresh, NominationForm(instance=fresh), build_formsets(fresh), exc.problems
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nominations:detail", pk=nomination.pk)
    messages.success(request, _("已提交至省总工会。系统将向本单位填报员邮箱发送提交回执。"))
    return redirect("nominations:detail", pk=nomination.pk)


@sensitive_post_parameters("id_number", "mobile")
@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_nominate(request.user))
    if request.method == "POST":
        return _save(request, None)
    campaign = running_campaign()
    if not selectors.intake_open(campaign, request.user.unit):
        deadline = selectors.effective_deadline(campaign, request.user.unit)
        messages.error(request, services.intake_closed_message(deadline))
        return redirect("nominations:list")
    instance = Nomination(campaign=campaign, unit=request.user.unit)
    return _render_form(
        request, instance, NominationForm(instance=instance), build_formsets(instance)
    )


@sensitive_post_parameters("id_number", "mobile")
@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    if nomination.status not in EDITABLE_STATES:
        messages.info(
            request,
            _("该推荐当前为“%(s)s”状态，不能修改。") % {"s": nomination.get_status_display()},
        )
        return redirect("nominations:detail", pk=nomination.pk)
    if request.method == "POST":
        return _save(request, nomination)
    problems = submission_problems(nomination) if request.GET.get("check") else None
    return _render_form(
        request,
        nomination,
        NominationForm(instance=nomination),
        build_formsets(nomination),
        problems,
    )


@login_required
@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    user = request.user
    can_edit = permissions.can_edit(user, nomination)
    decision = selectors.latest_decision(nomination)
    if (
        decision is not None
        and decision.outcome == CheckRound.Outcome.RETURNED
        and (nomination.status != Status.RETURNED)
    ):
        # Corrected and submitted again: the return is answered, and its box would
        # read as what the nomination still needs.
        decision = None
    deadline = selectors.submission_deadline(nomination)
    before_deadline = timezone.now() <= deadline
    return render(
        request,
        "nominations/detail.html",
        {
            "nomination": nomination,
            "sections": presentation.sections(nomination),
            "awards": nomination.awards.all(),
            "honours": nomination.honours.all(),
            "innovations": nomination.innovations.all(),
            "mentorships": nomination.mentorships.all(),
            "attachments": nomination.attachments.select_related("award", "honour"),
            "can_edit": can_edit and nomination.status in EDITABLE_STATES,
            "can_submit": can_edit and nomination.status in EDITABLE_STATES and before_deadline,
            # A draft the unit can no longer submit says so, with the time.
            "closed_at": deadline
            if can_edit and nomination.status == Status.DRAFT and not before_deadline
            else None,
            "can_withdraw": can_edit and nomination.status == Status.SUBMITTED and before_deadline,
            "can_cancel": can_edit and nomination.status in EDITABLE_STATES,
            "can_reveal": permissions.can_reveal_id(user, nomination)
            and bool(nomination.id_number_masked),
            "can_view_history": permissions.can_view_history(user, nomination),
            "can_check": roles.is_provincial(user),
            "repeat": repeat_matches(nomination),
            "decision": decision,
            "decision_comments": [
                (field_label(c.field), c.comment) for c in decision.comments.all()
            ]
            if decision
            else [],
        },
    )


def _workflow_post(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    try:
        service(nomination, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("nominations:detail", pk=nomination.pk)


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    try:
        services.submit_nomination(nomination, actor=request.user)
    except services.IncompleteNomination:
        messages.warning(request, _("推荐材料尚不完整，请按提示补充后再提交。"))
        return redirect(reverse("nominations:edit", kwargs={"pk": pk}) + "?check=1")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nominations:detail", pk=pk)
    messages.success(request, _("已提交至省总工会。系统将向本单位填报员邮箱发送提交回执。"))
    return redirect("nominations:detail", pk=pk)


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_post(
        request, pk, services.withdraw_nomination, _("已撤回为草稿，修改后请重新提交。")
    )


@login_required
@require_POST
def nomination_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_post(request, pk, services.cancel_nomination, _("草稿已作废。"))


@login_required
@require_POST
def nomination_move(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        nomination = services.move_nomination(nomination, actor=request.user, offset=offset)
    except DomainError as exc:
        messages.error(request, exc.message)
    # Back to the page the row is on now: a move across a page boundary follows the row.
    position = selectors.position_in_unit_list(nomination)
    page = position // UNIT_PAGE_SIZE + 1
    url = reverse("nominations:list")
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{url}{query}#row-{nomination.pk}")
