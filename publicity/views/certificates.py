"""Staff's certificates page: the campaign's certificates, generating them, the documents.

生成证书 allocates the numbers still missing (``allocate_certificates``, confirmed
first: a number once given is never taken back) and queues the PDF of every
certificate as a document job, whose page shows the progress and the download.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import DomainError
from longjiang.jobs.services import request_document
from longjiang.views import require
from nominations.selectors import running_campaign
from publicity.selectors.certificates import certificates_of
from publicity.selectors.results import final_list
from publicity.services.certificates import allocate_certificates


@login_required
@require_GET
def certificates(request: HttpRequest) -> HttpResponse:
    require(is_provincial(request.user))
    campaign = running_campaign()
    issued = list(certificates_of(campaign))
    listed = final_list(campaign).count()
    revoked = sum(c.revoked for c in issued)
    holders = {c.nomination_id for c in issued}
    missing = final_list(campaign).exclude(nomination_id__in=holders).count() if listed else 0
    return render(
        request,
        "publicity/staff/certificates.html",
        {
            "campaign": campaign,
            "certificates": issued,
            "listed": listed,
            "valid": len(issued) - revoked,
            "revoked": revoked,
            "missing": missing,
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    require(is_provincial(request.user))
    campaign = running_campaign()
    try:
        issued = allocate_certificates(campaign, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("publicity:certificates")
    job = request_document(
        "publicity.certificates", params={"campaign": campaign.year}, actor=request.user
    )
    serials = sorted(c.serial for c in issued)
    messages.success(
        request,
        _("已为命名名单上的%(count)s人分配证书编号（%(first)s至%(last)s），正在生成证书PDF。")
        % {"count": len(issued), "first": serials[0], "last": serials[-1]},
    )
    return redirect("jobs:detail", job_id=job.pk)
