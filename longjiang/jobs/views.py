"""Starting a document job, watching its progress, and downloading the result.

Every job belongs to the user who asked for it: another user's job is a 404,
whatever their role, and so is a kind, parameter or object the user may not
ask for, so a refusal never confirms that something exists.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from longjiang.documents import registry
from longjiang.exceptions import DomainError
from longjiang.jobs import selectors, services
from longjiang.jobs.downloads import protected_file_response
from longjiang.jobs.models import DocumentJob


def _own_job(request: HttpRequest, job_id: UUID) -> DocumentJob:
    return get_object_or_404(selectors.jobs_of(request.user), pk=job_id)


def _state(job: DocumentJob) -> dict:
    """Return what the job page and its progress partial show."""
    active = job.status in (DocumentJob.Status.PENDING, DocumentJob.Status.RUNNING)
    stuck = services.is_stuck(job)
    return {
        "job": job,
        # A stuck job stops polling and offers a retry instead.
        "polling": active and not stuck,
        "stuck": stuck,
        "downloadable": selectors.is_downloadable(job),
        "expired": selectors.is_expired(job),
        "retryable": services.is_retryable(job),
    }


@login_required
@require_POST
def start(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        job = services.request_document(kind, params=request.POST, actor=request.user)
    except (
        registry.UnknownDocumentKind,
        registry.InvalidParams,
        services.DocumentNotAllowed,
    ):
        raise Http404 from None
    return redirect("jobs:detail", job_id=job.pk)


@never_cache
@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(selectors.recent_jobs(request.user))
    rows = [
        {
            "job": job,
            "downloadable": selectors.is_downloadable(job),
            "expired": selectors.is_expired(job),
        }
        for job in jobs
    ]
    return render(request, "jobs/list.html", {"rows": rows})


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    return render(request, "jobs/detail.html", _state(job))


@never_cache
@login_required
@require_GET
def progress(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    return render(request, "jobs/_progress.html", _state(job))


@login_required
@require_GET
def download(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    if not selectors.may_have(request.user, job):
        raise Http404
    if selectors.is_expired(job):
        return render(request, "jobs/gone.html", {"job": job}, status=410)
    if not selectors.is_downloadable(job):
        raise Http404
    services.record_download(job, actor=request.user)
    return protected_file_response(
        job.storage_name, filename=job.filename, content_type=job.content_type, inline=False
    )


@login_required
@require_POST
def retry(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    if not selectors.may_have(request.user, job):
        raise Http404
    try:
        services.retry_document_job(job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("已重新提交生成。"))
    return redirect("jobs:detail", job_id=job.pk)
