"""The campaign a staff member looks at: the running one, or an earlier one, read-only."""

from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from nominations import permissions, viewing
from nominations.models import Campaign

# What a staff member may still send while looking at another campaign than the
# running one: signing out, changing language or password, the switcher itself,
# asking for a document (reading, even when it runs as a job), and revoking a
# certificate, which often comes years after its campaign (the page that lists a
# campaign's certificates is reached by looking at that campaign).
WRITES_ALLOWED_WHILE_VIEWING = frozenset(
    {
        "logout",
        "set_language",
        "password_change",
        "nominations:campaign_view",
        "jobs:start",
        "jobs:retry",
        "publicity:certificate_revoke",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def read_only_message(campaign: Campaign) -> str:
    return _("正在查看%(year)s年度（只读），不能修改。如需办理，请先返回当前运行的选树活动。") % {
        "year": campaign.year
    }


class CampaignViewingMiddleware:
    """Let provincial staff look at a campaign that is not running, and refuse every write.

    The switcher (``nominations:campaign_view``) keeps the chosen campaign's id in
    the session. For such a request this sets ``request.viewed_campaign`` and makes
    ``current_campaign()`` return it (``nominations.viewing``); every unsafe
    request except those in WRITES_ALLOWED_WHILE_VIEWING gets a 403 page saying
    why. Without a choice (clerks, experts and the council never have one) there
    is nothing to do and no query. Public pages (``@cookie_free``) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.viewed_campaign = None
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_viewing_token", None)
            if token is not None:
                viewing.stop_viewing(token)
                request._viewing_token = None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "cookie_free", False):
            return None
        if not permissions.can_view_other_campaigns(request.user):
            return None
        chosen = request.session.get(viewing.SESSION_KEY)
        if chosen is None:
            return None
        campaign = Campaign.objects.filter(pk=chosen).first()
        if campaign is None or campaign.is_running:
            # Deleted, or made the running campaign since: look at the running one.
            del request.session[viewing.SESSION_KEY]
            return None
        request.viewed_campaign = campaign
        request._viewing_token = viewing.view_campaign(campaign)
        match = request.resolver_match
        if (
            request.method not in SAFE_METHODS
            and (match.view_name if match else "") not in WRITES_ALLOWED_WHILE_VIEWING
        ):
            return render(
                request,
                "nominations/campaign_read_only.html",
                {"message": read_only_message(campaign)},
                status=403,
            )
        return None
