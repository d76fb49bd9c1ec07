"""Which campaign a request works on: the running one, or one staff chose to look at.

Provincial staff may look at another campaign than the running one, read-only
(``nominations.middleware.CampaignViewingMiddleware`` keeps the choice in the
session and refuses every write while it holds). For the length of such a
request the chosen campaign is kept here, and ``current_campaign()`` returns it;
every other request, and everything outside a request (Celery tasks, commands),
works on the running campaign.
"""

from contextvars import ContextVar, Token

from nominations.models import Campaign

# The session key holding the id of the campaign a staff member looks at.
SESSION_KEY = "viewed_campaign"

_viewed: ContextVar[Campaign | None] = ContextVar("viewed_campaign", default=None)


def viewed_campaign() -> Campaign | None:
    """Return the campaign staff chose to look at in this request, if any."""
    return _viewed.get()


def view_campaign(campaign: Campaign | None) -> Token:
    """Make the request look at ``campaign``; reset with the returned token."""
    return _viewed.set(campaign)


def stop_viewing(token: Token) -> None:
    _viewed.reset(token)
