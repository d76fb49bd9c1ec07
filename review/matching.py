"""The rules by which the portal suggests conflicts of interest (回避建议).

Suggestions are only suggestions: staff confirm or dismiss each one with a
reason. A missed conflict is worse than an extra suggestion, so the employer
rule errs on the side of matching.

Same employer (同一工作单位) when either
- both credit codes are filled in and equal (compared without spaces, in upper
  case, full-width characters folded to half-width); or
- the normalised employer names are equal. Normalising folds full-width
  characters to half-width (NFKC, so “（” becomes “(”), removes all whitespace,
  folds Latin letters to one case, and removes ONE trailing legal form:
  股份有限公司, 有限责任公司 or 有限公司 (longest first). Nothing else is removed:
  “集团”, “分公司” or a place name still tell employers apart. A name that is
  empty after normalising matches nothing.

Same recommending unit (同一推荐单位), only when the campaign's review settings
ask for it: the expert's 所属市（地）或产业工会 is the unit that nominated the
candidate.
"""

import unicodedata

from django.utils.translation import gettext as _

from nominations.models import Nomination
from review.models import Conflict, Expert

# Longest first, so that “股份有限公司” is not cut down to “股份”.
LEGAL_FORM_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")


def _fold(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def normalize_employer_name(name: str) -> str:
    """Return the employer name in the form compared for the same-employer rule."""
    folded = _fold(name).casefold()
    for suffix in LEGAL_FORM_SUFFIXES:
        if folded.endswith(suffix):
            return folded.removesuffix(suffix)
    return folded


def normalize_credit_code(code: str) -> str:
    """Return the credit code compact and in upper case."""
    return _fold(code).upper()


def same_employer(expert: Expert, nomination: Nomination) -> str:
    """Return why the expert and the candidate count as one employer, or "" if they do not."""
    expert_code = normalize_credit_code(expert.employer_credit_code)
    if expert_code and expert_code == normalize_credit_code(nomination.employer_credit_code):
        return _("统一社会信用代码相同：%(code)s") % {"code": expert_code}
    expert_name = normalize_employer_name(expert.employer_name)
    if expert_name and expert_name == normalize_employer_name(nomination.employer_name):
        return _("工作单位相同：专家为“%(expert)s”，被推荐人为“%(nominee)s”") % {
            "expert": expert.employer_name,
            "nominee": nomination.employer_name,
        }
    return ""


def suggestion_for(
    expert: Expert, nomination: Nomination, *, same_unit_rule: bool
) -> tuple[str, str] | None:
    """Return the kind of conflict to suggest for the pair and why, or None."""
    why = same_employer(expert, nomination)
    if why:
        return Conflict.Kind.SAME_EMPLOYER, why
    if same_unit_rule and expert.unit_id is not None and expert.unit_id == nomination.unit_id:
        return Conflict.Kind.SAME_UNIT, _("专家所属单位即推荐单位：%(unit)s") % {
            "unit": nomination.unit
        }
    return None
