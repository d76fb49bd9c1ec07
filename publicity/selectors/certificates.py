"""Reading the certificates: a campaign's, in serial order, and what each one prints."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from longjiang.exceptions import DomainError
from nominations.models import Campaign
from publicity.models import Certificate

# The development server's address, for QR codes printed where no address is configured.
DEVELOPMENT_SITE = "http://127.0.0.1:8000"


class NoSiteAddress(DomainError):
    default_message = _(
        "未配置门户网站的公网地址（LONGJIANG_SITE_URL），无法生成证书二维码中的查验网址。"
    )


def certificates_of(campaign: Campaign) -> QuerySet[Certificate]:
    """The campaign's certificates by number (serial order), revoked ones included."""
    return Certificate.objects.filter(campaign=campaign).order_by("number")


def site_address() -> str:
    """Return the portal's public address without a trailing slash.

    ``LONGJIANG_SITE_URL``, else the first trusted origin (as mail links use it);
    only with ``DEBUG`` on, the development server's address. A printed QR code
    must open the real portal, so production without an address refuses.
    """
    base = settings.LONGJIANG_SITE_URL or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
    if not base:
        if not settings.DEBUG:
            raise NoSiteAddress
        base = DEVELOPMENT_SITE
    return base.rstrip("/")


def verification_url(token: str, *, base: str | None = None) -> str:
    """Return the absolute address of a certificate's public verification page."""
    return (base if base is not None else site_address()) + reverse("public:verify", args=[token])
