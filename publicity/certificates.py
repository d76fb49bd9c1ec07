"""Gather the certificates of a campaign and build their documents (one PDF, a zip).

Building allocates first: ``allocate_certificates`` is idempotent, so the first
build of a campaign issues the numbers (as staff's 生成证书 does) and every later
build, after a crash or for a reprint, prints the same numbers, tokens and dates.
Certificates are printed in serial order; a revoked one is left out of the
documents, with a warning. A campaign that is not the running one is read-only
for staff (``nominations.viewing``), and documents stay available while they look
at it: a web build for such a campaign prints the certificates it has and
allocates nothing. The operator's command (no user) allocates for any campaign.
This module never imports reportlab.
"""

from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.documents.export import PDF, ZIP, Export, Progress
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from publicity.selectors.certificates import certificates_of, site_address, verification_url
from publicity.selectors.results import final_list
from publicity.services.certificates import allocate_certificates


class NothingToPrint(DomainError):
    default_message = _("没有可打印的证书。")


def _items(campaign: Campaign, *, user: User | None) -> tuple[list, list[str]]:
    """Allocate what is missing; return the printable certificates' data and the warnings."""
    from publicity.documents.certificates import CertificateData

    items, warnings = [], []
    if user is None or campaign.is_running:
        allocate_certificates(campaign, actor=user)
    else:
        for entry in final_list(campaign).exclude(nomination__certificates__campaign=campaign):
            warnings.append(
                _("%(name)s：还没有证书编号，查看往届活动时不分配，未打印。") % {"name": entry.name}
            )
    base = site_address()
    for certificate in certificates_of(campaign):
        if certificate.revoked:
            warnings.append(
                _("%(serial)s %(name)s：证书已撤销，未打印。")
                % {"serial": certificate.serial, "name": certificate.name}
            )
            continue
        items.append(
            CertificateData(
                serial=certificate.serial,
                name=certificate.name,
                employer_name=certificate.employer_name,
                year=campaign.year,
                issued_on=certificate.issued_on,
                url=verification_url(certificate.token, base=base),
            )
        )
    return items, warnings


def _title(campaign: Campaign) -> str:
    return _("%(year)s年“龙江工匠”荣誉证书") % {"year": campaign.year}


def _refuse_if_empty(content: bytes, warnings: list[str]) -> None:
    if not content:
        raise NothingToPrint(
            _("没有可打印的证书：%(reasons)s") % {"reasons": "；".join(warnings)}
            if warnings
            else None
        )


def certificates_pdf(campaign: Campaign, *, user: User | None, progress: Progress) -> Export:
    """One PDF with every valid certificate, a page each, for printing."""
    from publicity.documents.certificates import build_certificates_pdf

    items, warnings = _items(campaign, user=user)
    built = build_certificates_pdf(
        items, count=len(items), title=_title(campaign), progress=progress
    )
    warnings += built.warnings
    _refuse_if_empty(built.content, warnings)
    return Export(
        content=built.content,
        filename=_("%(year)s年龙江工匠荣誉证书.pdf") % {"year": campaign.year},
        content_type=PDF,
        warnings=tuple(warnings),
    )


def certificates_zip(campaign: Campaign, *, user: User | None, progress: Progress) -> Export:
    """A zip of one PDF per valid certificate, each named by its serial and name."""
    from publicity.documents.certificates import build_certificates_zip

    items, warnings = _items(campaign, user=user)
    built = build_certificates_zip(
        items, count=len(items), title=_title(campaign), progress=progress
    )
    warnings += built.warnings
    _refuse_if_empty(built.content, warnings)
    return Export(
        content=built.content,
        filename=_("%(year)s年龙江工匠荣誉证书（逐人）.zip") % {"year": campaign.year},
        content_type=ZIP,
        warnings=tuple(warnings),
    )
