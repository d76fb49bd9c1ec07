"""The award roster (奖励发放名单) and the record of each person's payment, for staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import PublicNotFound
from longjiang.views import require
from nominations.models import Nomination
from nominations.selectors import running_campaign
from publicity.forms.payments import PaymentForm
from publicity.selectors.roster import award_roster, roster_line
from publicity.services.payments import PaymentRefused, record_payment


def _read_only(request: HttpRequest) -> bool:
    """Whether staff are looking at another campaign than the running one (read-only:
    ``nominations.middleware`` refuses every write then)."""
    return getattr(request, "viewed_campaign", None) is not None


@login_required
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    """The roster by unit with each person's payment, the totals and the downloads."""
    require(is_provincial(request.user))
    campaign = running_campaign()
    return render(
        request,
        "publicity/staff/roster.html",
        {"campaign": campaign, "roster": award_roster(campaign), "read_only": _read_only(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """Record (or change, with a reason) the payment of one person on the final list."""
    require(is_provincial(request.user))
    campaign = running_campaign()
    line = roster_line(campaign, nomination_id)
    if line is None:
        raise PublicNotFound(_("此人不在本年度的命名名单上。"))
    recorded = line.payment
    initial = (
        {"paid_on": recorded.paid_on, "voucher": recorded.voucher, "note": recorded.note}
        if recorded
        else {}
    )
    form = PaymentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        changing=recorded is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_payment(
                campaign,
                Nomination.objects.select_related("unit").get(pk=nomination_id),
                paid_on=data["paid_on"],
                voucher=data["voucher"],
                note=data["note"],
                reason=data.get("reason", ""),
                actor=request.user,
            )
        except PaymentRefused as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            if recorded:
                text = _("已修改%(name)s的奖励发放记录。")
            else:
                text = _("已登记%(name)s的奖励发放。")
            messages.success(request, text % {"name": line.name})
            return redirect(reverse("publicity:roster") + f"#person-{nomination_id}")
    return render(
        request,
        "publicity/staff/payment.html",
        {"campaign": campaign, "line": line, "form": form, "read_only": _read_only(request)},
    )
