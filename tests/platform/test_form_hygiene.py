"""Every form of the portal refuses invisible characters and bounds its text fields.

The test finds the forms itself: it imports every module of the portal's
packages and walks the subclasses of Django's ``BaseForm`` defined there, so a
form added later is checked without anyone remembering to list it. A form whose
constructor needs arguments gets them from ``CONSTRUCTORS``; a new form of that
kind makes ``test_every_form_is_found_and_built`` fail until it is added.
"""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.contrib import admin
from django.forms import BaseForm

from longjiang.accounts.models import User
from longjiang.admin import ReadOnlyAdmin
from longjiang.forms import CleanTextMixin, validate_visible_text
from nominations.forms.intake import ROW_FORMSETS
from nominations.models import Nomination
from publicity.selectors.showcase import Facets
from review.models import Expert

PACKAGES = ("longjiang", "nominations", "review", "publicity")
BIDI = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
BELL = "\u0007"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _import_everything() -> None:
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations." in module.name or module.name.endswith(("wsgi", "asgi")):
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def portal_forms() -> list[type[BaseForm]]:
    """Every form class the portal defines, with the row forms of the formsets."""
    _import_everything()
    found = {
        cls
        for cls in _subclasses(BaseForm)
        if cls.__module__.split(".")[0] in PACKAGES
        and cls.__module__ != "longjiang.forms"
        # A model form without a model is a base for the formsets' row forms.
        and not (issubclass(cls, forms.ModelForm) and cls._meta.model is None)
    }
    found.update(factory.form for factory in ROW_FORMSETS.values())
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# Forms that need arguments besides ``data``: a function of the test's objects.
CONSTRUCTORS = {
    "longjiang.accounts.forms.LoginForm": lambda data, ctx: {"request": None, "data": data},
    "longjiang.accounts.forms.PasswordChangeForm": lambda data, ctx: {
        "user": ctx["user"],
        "data": data,
    },
    "longjiang.accounts.forms.SetPasswordForm": lambda data, ctx: {
        "user": ctx["user"],
        "data": data,
    },
    "longjiang.accounts.forms.AccountChangeForm": lambda data, ctx: {
        "data": data,
        "instance": ctx["user"],
    },
    "nominations.forms.intake.AttachmentForm": lambda data, ctx: {
        "data": data,
        "nomination": ctx["nomination"],
    },
    "nominations.forms.paper.PaperFilterForm": lambda data, ctx: {"data": data, "units": []},
    "nominations.forms.laureates.RegisterFilterForm": lambda data, ctx: {
        "data": data,
        "years": [2018],
    },
    "publicity.forms.showcase.PublicFilterForm": lambda data, ctx: {
        "data": data,
        "facets": Facets(years=[2018]),
    },
    "publicity.forms.showcase.StaffFilterForm": lambda data, ctx: {
        "data": data,
        "years": [2018],
    },
    "review.forms.panels.PanelMemberForm": lambda data, ctx: {
        "data": data,
        "experts": Expert.objects.none(),
    },
    "review.forms.panels.MoveForm": lambda data, ctx: {"data": data, "campaign": ctx["campaign"]},
    "review.forms.scoring.ScoreForm": lambda data, ctx: {"data": data, "dimensions": []},
}


def build(cls, data, ctx) -> BaseForm:
    constructor = CONSTRUCTORS.get(_name(cls))
    kwargs = constructor(data, ctx) if constructor else {"data": data}
    return cls(**kwargs)


@pytest.fixture
def ctx(campaign, clerk, make_nomination):
    return {"campaign": campaign, "user": clerk, "nomination": make_nomination(complete=False)}


def _text_fields(form: BaseForm) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, forms.CharField)]


@pytest.mark.django_db
def test_every_form_is_found_and_built(ctx):
    classes = portal_forms()

    names = {_name(cls) for cls in classes}
    # A sample of each app's forms, so a broken walk cannot pass with an empty list.
    assert {
        "longjiang.accounts.forms.LoginForm",
        "nominations.forms.intake.NominationForm",
        "nominations.forms.check.ReasonForm",
        "review.forms.scoring.ScoreForm",
        "review.views.ranking.MoveForm",
    } <= names
    for cls in classes:
        assert isinstance(build(cls, {}, ctx), BaseForm), _name(cls)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("char", "code"), [(BIDI, "U+202E"), (BELL, "U+0007")], ids=["bidi", "bell"]
)
def test_every_text_field_of_every_form_refuses_invisible_characters(ctx, char, code):
    checked = 0
    for cls in portal_forms():
        fields = _text_fields(build(cls, {}, ctx))
        if not fields:
            continue
        data = {name: f"正常{char}文字" for name in fields}
        form = build(cls, data, ctx)

        assert not form.is_valid(), _name(cls)
        for name in fields:
            messages = form.errors.get(name, [])
            refusal = [m for m in messages if code in m]
            assert len(refusal) == 1, (_name(cls), name, messages)
            assert HAN.search(refusal[0]), (_name(cls), name, refusal)
            checked += 1
    assert checked > 40


@pytest.mark.django_db
def test_every_text_field_of_every_form_has_a_length_limit(ctx):
    unbounded = [
        (_name(cls), name)
        for cls in portal_forms()
        for name, field in build(cls, {}, ctx).fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]

    assert unbounded == []


def test_every_form_the_admin_edits_with_refuses_invisible_characters():
    editing = [
        model_admin
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, ReadOnlyAdmin)
        and type(model_admin).__module__.split(".")[0] in PACKAGES
    ]

    assert {type(m).__name__ for m in editing} >= {
        "UnitAdmin",
        "UserAdmin",
        "GroupAdmin",
        "CampaignAdmin",
    }
    for model_admin in editing:
        assert issubclass(model_admin.form, CleanTextMixin), type(model_admin).__name__
        add_form = getattr(model_admin, "add_form", model_admin.form)
        assert issubclass(add_form, CleanTextMixin), type(model_admin).__name__


def test_visible_text_keeps_line_breaks_tabs_and_rare_characters():
    assert validate_visible_text("第一段。\r\n\t第二段：王\U000201d4") is None


@pytest.mark.django_db
def test_login_with_a_bidi_override_is_refused_before_authenticating(client, clerk):
    response = client.post(
        "/accounts/login/", {"username": f"{clerk.username}{BIDI}", "password": "x"}
    )

    assert response.status_code == 200
    assert "不能包含控制字符或不可见的格式字符（如文字方向控制符）：U+202E。请删除后重新输入。" in (
        response.content.decode()
    )


def test_the_row_forms_print_their_text():
    # Attachment 1's rows are printed, so they refuse what no font prints as well.
    for factory in ROW_FORMSETS.values():
        assert factory.form.text_validator.__name__ == "validate_printable"
    assert Nomination._meta.get_field("main_deeds").max_length == 3000
    assert User._meta.get_field("username").max_length == 150
