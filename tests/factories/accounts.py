"""Factories for units and users."""

import factory
from factory.django import DjangoModelFactory

from longjiang.accounts.models import Role, Unit, User

PASSWORD = "Longjiang-2021"


def harbin() -> Unit:
    """Return 哈尔滨市总工会 (230100), seeded by the accounts migration."""
    return Unit.objects.get(code="230100")


class UnitFactory(DjangoModelFactory):
    """An extra city unit; the 23 real units already exist (seeded by migration)."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"t{n:04d}")
    name = factory.Sequence(lambda n: f"测试推荐单位{n:04d}")
    kind = Unit.Kind.CITY
    sort_order = factory.Sequence(lambda n: 2000 + n)


class UserFactory(DjangoModelFactory):
    """A user with ``role`` (default clerk); a clerk without a given unit belongs to Harbin.

    The password is ``Longjiang-2021`` unless ``password=`` is passed; the email is
    ``<username>@example.org``. Staff and admins get ``is_staff`` as in the demo,
    admins also ``is_superuser``.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.CLERK
    unit = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.CLERK),
        yes_declaration=factory.LazyFunction(harbin),
        no_declaration=None,
    )
    full_name = factory.Sequence(lambda n: f"测试用户{n:04d}")
    is_staff = factory.LazyAttribute(lambda o: o.role in (Role.STAFF, Role.ADMIN))
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.ADMIN)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
