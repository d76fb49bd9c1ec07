"""The nominations' records as the audit trail names them (``longjiang.audit.subjects``)."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from longjiang.audit import subjects
from nominations.models import Campaign, Nomination, UnitReport


def _nomination_names(pks: set[int]) -> dict[int, str]:
    return {
        pk: name or gettext("（未填写姓名）")
        for pk, name in Nomination.objects.filter(pk__in=pks).values_list("pk", "name")
    }


def _campaign_names(pks: set[int]) -> dict[int, str]:
    return {
        pk: gettext("%(year)s年度") % {"year": year}
        for pk, year in Campaign.objects.filter(pk__in=pks).values_list("pk", "year")
    }


def _report_names(pks: set[int]) -> dict[int, str]:
    return dict(UnitReport.objects.filter(pk__in=pks).values_list("pk", "unit__name"))


subjects.register(
    subjects.Subject(
        model="nominations.nomination",
        key="nomination",
        label=gettext_lazy("推荐人选"),
        names=_nomination_names,
        url=lambda pk: reverse("nominations:history", args=[pk]),
        numbered=True,
    )
)
subjects.register(
    subjects.Subject(
        model="nominations.campaign",
        key="campaign",
        label=gettext_lazy("年度活动"),
        names=_campaign_names,
    )
)
subjects.register(
    subjects.Subject(
        model="nominations.unitreport",
        key="report",
        label=gettext_lazy("活动情况报告"),
        names=_report_names,
    )
)
