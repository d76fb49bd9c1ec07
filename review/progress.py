"""The review's stages in the unit's view of its nominations (``nominations.progress``).

Placed in a panel, an eligible nomination is with the experts; among the
proposed (建议人选) of the campaign's latest locked version it is proposed (拟入选);
once the campaign has a locked list without it there (a reserve, 后备人选, included),
it was not proposed. The unit sees these labels only, never a score or a rank.
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from nominations import progress
from review.models import ListEntry, ListVersion


def _proposed_in_latest_version():
    # Not the nomination's lock: the lock covers the reserve too, and outlives a
    # later version that leaves the nomination out.
    latest = ListVersion.objects.filter(campaign=OuterRef(OuterRef("campaign"))).order_by("-number")
    return Exists(
        ListEntry.objects.filter(
            nomination=OuterRef("pk"),
            part=ListEntry.Part.LISTED,
            version=Subquery(latest.values("pk")[:1]),
        )
    )


# Room is left between the orders for the publicity stages, which come later.
progress.register(
    "review",
    label=_("专家评审中"),
    order=100,
    condition=lambda: Q(placement__isnull=False),
)
progress.register(
    "not_listed",
    label=_("未列入拟入选名单"),
    order=200,
    condition=lambda: Exists(ListVersion.objects.filter(campaign=OuterRef("campaign"))),
    badge="text-bg-secondary",
)
progress.register(
    "listed",
    label=_("拟入选"),
    order=300,
    condition=_proposed_in_latest_version,
    badge="text-bg-success",
)
