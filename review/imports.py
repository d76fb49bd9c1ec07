"""Checking one row of an expert list, or one expert entered on the form.

``check_expert`` turns the text a person typed into the values of an ``Expert``
and its account, or into the reasons it cannot be imported, all at once, so a
row's report names every problem. It reads nothing from the database itself:
the caller passes what it needs to know (``Lookups``).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit
from nominations.validators import credit_code_checksum_ok, validate_credit_code_format
from review.matching import normalize_employer_name
from review.models import IndustryGroup

USERNAME_RE = re.compile(r"[A-Za-z0-9_.@+-]{3,150}")
MAX_LENGTHS = {"name": 50, "employer_name": 100, "title": 100}


def _compact(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value or "").split())


@dataclass
class Lookups:
    """What the check needs to know about the database, loaded once per import."""

    units: list[Unit]
    taken_usernames: set[str]
    # (name, normalised employer name) of every expert already in the pool.
    existing_experts: set[tuple[str, str]]
    _units_by_key: dict[str, Unit] = field(init=False, default_factory=dict)
    _specialties: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units:
            self._units_by_key[unit.code.casefold()] = unit
            self._units_by_key[_compact(unit.name)] = unit
        for group in IndustryGroup:
            self._specialties[group.value] = group.value
            self._specialties[_compact(str(group.label))] = group.value
            # The Chinese label is accepted whatever language the page is in.
            with translation.override(None):
                self._specialties[_compact(str(group.label))] = group.value

    def unit(self, text: str) -> Unit | None:
        compact = _compact(text)
        return self._units_by_key.get(compact.casefold()) or self._units_by_key.get(compact)

    def specialty(self, text: str) -> str | None:
        return self._specialties.get(_compact(text))


@dataclass
class ExpertData:
    """The checked values of a new expert."""

    name: str
    employer_name: str
    employer_credit_code: str
    unit: Unit | None
    specialty: str
    title: str
    username: str
    email: str = ""
    warnings: list[str] = field(default_factory=list)


def identity_key(name: str, employer_name: str) -> tuple[str, str]:
    """Return what makes two experts the same person: the name and the employer."""
    return _compact(name), normalize_employer_name(employer_name)


def _check_texts(name: str, employer_name: str, title: str, errors: list[str]) -> None:
    if not name:
        errors.append(_("未填写姓名。"))
    if not employer_name:
        errors.append(_("未填写工作单位。"))
    labels = {"name": _("姓名"), "employer_name": _("工作单位"), "title": _("职称或荣誉")}
    for key, value in (("name", name), ("employer_name", employer_name), ("title", title)):
        if len(value) > MAX_LENGTHS[key]:
            errors.append(
                _("%(label)s不能超过%(n)d个字。") % {"label": labels[key], "n": MAX_LENGTHS[key]}
            )


def _check_credit_code(text: str, errors: list[str], warnings: list[str]) -> str:
    code = _compact(text).upper()
    if code:
        try:
            validate_credit_code_format(code)
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            if not credit_code_checksum_ok(code):
                warnings.append(_("统一社会信用代码校验位不正确，请核实。"))
    return code


def _find_unit(text: str, lookups: Lookups, errors: list[str]):
    if not text:
        return None
    unit = lookups.unit(text)
    if unit is None:
        errors.append(
            _("找不到所属市（地）或产业工会“%(value)s”，请填写单位代码或单位名称。")
            % {"value": text}
        )
    return unit


def _find_specialty(text: str, lookups: Lookups, errors: list[str]):
    if not text:
        errors.append(_("未填写专业领域。"))
        return None
    specialty = lookups.specialty(text)
    if specialty is None:
        errors.append(
            _("专业领域“%(value)s”不在可选范围内，请填写：%(choices)s。")
            % {"value": text, "choices": "、".join(str(g.label) for g in IndustryGroup)}
        )
    return specialty


def _check_username(username: str, lookups: Lookups, errors: list[str]) -> None:
    if not username:
        return
    if not USERNAME_RE.fullmatch(username):
        errors.append(_("用户名须为3至150位字母、数字或 _ . @ + - 符号。"))
    elif username.casefold() in lookups.taken_usernames:
        errors.append(_("用户名“%(username)s”已被使用。") % {"username": username})


def _check_email(email: str, errors: list[str]) -> None:
    if not email:
        return
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        errors.append(_("电子邮箱“%(value)s”格式不正确。") % {"value": email})


def check_expert(cells: dict[str, str], lookups: Lookups) -> tuple[ExpertData | None, list[str]]:
    """Return the expert's values and no errors, or None and every error of the row."""
    errors: list[str] = []
    warnings: list[str] = []
    name, employer_name, title, username, email = (
        (cells.get(key) or "").strip()
        for key in ("name", "employer_name", "title", "username", "email")
    )
    _check_texts(name, employer_name, title, errors)
    code = _check_credit_code(cells.get("employer_credit_code") or "", errors, warnings)
    unit = _find_unit((cells.get("unit") or "").strip(), lookups, errors)
    specialty = _find_specialty((cells.get("specialty") or "").strip(), lookups, errors)
    _check_username(username, lookups, errors)
    _check_email(email, errors)
    if name and employer_name and identity_key(name, employer_name) in lookups.existing_experts:
        errors.append(_("专家库中已有同一姓名和工作单位的专家。"))
    if errors:
        return None, errors
    expert = ExpertData(
        name=name,
        employer_name=employer_name,
        employer_credit_code=code,
        unit=unit,
        specialty=specialty,
        title=title,
        username=username,
        email=email,
        warnings=warnings,
    )
    return expert, []
