"""The review's stages in the unit's view of its nominations (``nominations.progress``).

Placed in a panel, an eligible nomination is with the experts; on a locked list
it is proposed (拟入选); once the campaign has a locked list without it, it was
not proposed. The unit sees these labels only, never a score or a rank.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from nominations import progress
from review.models import ListVersion

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
    condition=lambda: Q(locked_at__isnull=False),
    badge="text-bg-success",
)
