"""Register rows and showcase profiles for the showcase's tests, made as the services make them."""

from longjiang.accounts.models import Unit
from longjiang.collation import surname_stroke_key
from nominations.models import Craftsman, Nomination
from publicity.models import ShowcaseProfile
from publicity.services.showcase import ProfileChoices, publish_profile, save_profile

DEEDS = "扎根一线二十年，攻克数控加工难题十余项，带出徒弟三十余名。"


def make_craftsman(
    *,
    name: str,
    year: int = 2018,
    employer_name: str = "哈尔滨电机厂有限责任公司",
    unit: Unit | None = None,
    industry: str = "C",
    post: str = "电焊工",
    brief_deeds: str = DEEDS,
    nomination: Nomination | None = None,
) -> Craftsman:
    """A row of the register, as an import (or, with a nomination, the naming notice) adds it."""
    return Craftsman.objects.create(
        year=year,
        name=name,
        name_order=surname_stroke_key(name)[:500],
        employer_name=employer_name,
        unit=unit,
        industry=industry,
        post=post,
        brief_deeds=brief_deeds,
        source=Craftsman.Source.PORTAL if nomination else Craftsman.Source.IMPORTED,
        nomination=nomination,
    )


def choices(**overrides) -> ProfileChoices:
    values = {
        "show_employer": True,
        "show_post": True,
        "show_deeds": True,
        "deeds": DEEDS,
        "photo_consent": False,
        "photo_consent_note": "",
    }
    values.update(overrides)
    return ProfileChoices(**values)


def make_profile(
    craftsman: Craftsman, *, actor, published: bool = True, photo=None, **overrides
) -> ShowcaseProfile:
    """A profile saved (and published) through the services."""
    profile = save_profile(craftsman, actor=actor, choices=choices(**overrides), photo=photo)
    if published:
        profile = publish_profile(profile, actor=actor)
    return profile
