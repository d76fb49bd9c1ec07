"""Staff revoke a certificate (publicity.services.certificates_revoke).

The page works for a certificate of any campaign, the running one or an earlier
one: a revocation often comes years later, after a disqualification.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import DomainError
from longjiang.views import require
from publicity.forms.revocation import RevokeForm
from publicity.models import Certificate
from publicity.services.certificates_revoke import revoke_certificate


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a certificate and, unless it is revoked already, the form that revokes it."""
    require(is_provincial(request.user))
    certificate = get_object_or_404(
        Certificate.objects.select_related("campaign", "revoked_by", "nomination__unit"), pk=pk
    )
    if request.method == "POST" and not certificate.revoked:
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoked = revoke_certificate(
                    certificate, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("证书 %(serial)s 已撤销，扫码查验将显示“已撤销”。")
                    % {"serial": certificate.serial},
                )
                if revoked.showcase_taken_down:
                    messages.success(request, _("此人在“往届龙江工匠”中的公开展示页已同时撤下。"))
                return redirect("publicity:certificate_revoke", pk=certificate.pk)
    else:
        form = RevokeForm()
    return render(
        request,
        "publicity/certificates/revoke.html",
        {"certificate": certificate, "form": form},
    )
