"""The public changelog of a campaign's list versions (第2版：取消1人资格，递补1人).

Computed from the LISTED entries of consecutive locked versions: who left the
list and who joined it. Nothing about why or who: the reasons stay internal.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.dates import show_date
from nominations.models import Campaign
from review.models import ListEntry, ListVersion


@dataclass(frozen=True)
class ChangeLine:
    number: int
    approved_on: date
    content_hash: str
    text: str

    @property
    def approved_on_text(self) -> str:
        return show_date(self.approved_on)


def describe_change(removed: int, added: int, *, first: bool, count: int) -> str:
    """In minimal words what a version changed, e.g. 取消1人资格，递补1人."""
    if first:
        return _("经省总工会主席办公会议审议确定，共%(count)s人。") % {"count": count}
    parts = []
    if removed:
        parts.append(_("取消%(count)s人资格") % {"count": removed})
    if added:
        parts.append(_("递补%(count)s人") % {"count": added})
    if not parts:
        return _("名单人员未变化。")
    return "，".join(parts) + "。"


def changelog(campaign: Campaign, *, until: ListVersion | None = None) -> list[ChangeLine]:
    """Each locked version (up to ``until``), oldest first, with what it changed."""
    versions = ListVersion.objects.filter(campaign=campaign).order_by("number")
    if until is not None:
        versions = versions.filter(number__lte=until.number)
    versions = list(versions)
    listed: dict[int, set[int]] = {v.pk: set() for v in versions}
    for version_id, nomination_id in ListEntry.objects.filter(
        version__in=versions, part=ListEntry.Part.LISTED
    ).values_list("version_id", "nomination_id"):
        listed[version_id].add(nomination_id)
    lines = []
    previous: set[int] | None = None
    for version in versions:
        current = listed[version.pk]
        if previous is None:
            text = describe_change(0, 0, first=True, count=len(current))
        else:
            text = describe_change(
                len(previous - current), len(current - previous), first=False, count=len(current)
            )
        lines.append(
            ChangeLine(
                number=version.number,
                approved_on=timezone.localdate(version.approved_at),
                content_hash=version.content_hash,
                text=text,
            )
        )
        previous = current
    return lines
