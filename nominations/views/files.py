"""Uploads, permission-checked downloads, and revealing an ID number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.views import require
from nominations import permissions, services
from nominations.forms.intake import AttachmentForm
from nominations.selectors import visible_nomination


def _panel(request: HttpRequest, nomination, form=None, status=200) -> HttpResponse:
    """Render the attachments panel (for htmx) or go back to the form."""
    if not request.headers.get("HX-Request"):
        return redirect(nomination.get_edit_url() + "#attachments")
    return render(
        request,
        "nominations/_attachments.html",
        {
            "nomination": nomination,
            "attachments": nomination.attachments.select_related("award", "honour").order_by(
                "kind", "id"
            ),
            "attachment_form": form or AttachmentForm(nomination=nomination),
        },
        status=status,
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    form = AttachmentForm(request.POST, request.FILES, nomination=nomination)
    if form.is_valid():
        try:
            services.add_attachment(
                nomination,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                award=form.cleaned_data["award"],
                honour=form.cleaned_data["honour"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
    if form.errors:
        if not request.headers.get("HX-Request"):
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return _panel(request, nomination, form, status=422)
    messages.success(request, _("文件已上传。"))
    return _panel(request, nomination)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_edit(request.user, nomination))
    attachment = get_object_or_404(nomination.attachments, pk=attachment_id)
    try:
        services.remove_attachment(attachment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _panel(request, nomination)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_id)
    return protected_file_response(
        attachment.storage_name,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        inline=request.GET.get("download") != "1",
    )


@never_cache
@login_required
@require_POST
def reveal_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number once, recording who asked."""
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_reveal_id(request.user, nomination))
    if not nomination.id_number_masked:
        raise Http404
    number = services.reveal_id_number(nomination, actor=request.user)
    return render(request, "nominations/_id_revealed.html", {"number": number})
