"""The review's records as the audit trail names them (``longjiang.audit.subjects``)."""

from collections.abc import Callable

from django.utils.translation import gettext, gettext_lazy

from longjiang.audit import subjects
from review.models import Conflict, Expert, ListVersion, Panel, ScoreSheet


def _expert_names(pks: set[int]) -> dict[int, str]:
    return dict(Expert.objects.filter(pk__in=pks).values_list("pk", "name"))


def _panel_names(pks: set[int]) -> dict[int, str]:
    return dict(Panel.objects.filter(pk__in=pks).values_list("pk", "name"))


def _pair_names(model) -> Callable[[set[int]], dict[int, str]]:
    def names(pks: set[int]) -> dict[int, str]:
        rows = model.objects.filter(pk__in=pks).values_list(
            "pk", "expert__name", "nomination__name"
        )
        return {pk: f"{expert} × {nominee}" for pk, expert, nominee in rows}

    return names


def _version_names(pks: set[int]) -> dict[int, str]:
    rows = ListVersion.objects.filter(pk__in=pks).values_list("pk", "campaign__year", "number")
    return {
        pk: gettext("%(year)s年度第%(number)s版") % {"year": year, "number": number}
        for pk, year, number in rows
    }


for subject in (
    subjects.Subject("review.expert", "expert", gettext_lazy("评审专家"), _expert_names),
    subjects.Subject("review.panel", "panel", gettext_lazy("评审组"), _panel_names),
    subjects.Subject("review.scoresheet", "sheet", gettext_lazy("评分表"), _pair_names(ScoreSheet)),
    subjects.Subject("review.conflict", "conflict", gettext_lazy("回避"), _pair_names(Conflict)),
    subjects.Subject("review.listversion", "version", gettext_lazy("锁定名单"), _version_names),
):
    subjects.register(subject)
