"""The platform's read-only admin and the provincial-only admin pages."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from longjiang.admin import ProvincialOnlyMixin, ReadOnlyAdmin
from longjiang.audit.models import AuditEvent
from longjiang.jobs.models import DocumentJob
from nominations.models import DeadlineExtension, Nomination

READ_ONLY_MODELS = [AuditEvent, DocumentJob, Nomination, DeadlineExtension]


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda model: model.__name__)
def test_read_only_admins_refuse_add_change_and_delete_even_to_a_superuser(model, admin_user):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admin_user

    assert isinstance(model_admin, ReadOnlyAdmin)
    assert model_admin.has_view_permission(request) is True
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False


def test_provincial_only_pages_are_hidden_from_other_admin_users(staff_user, clerk):
    # A clerk given admin access by mistake still does not see the nominations pages.
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    factory = RequestFactory()
    for user, expected in [(staff_user, True), (clerk, False)]:
        request = factory.get("/")
        request.user = user
        for model in (Nomination, DeadlineExtension):
            model_admin = admin.site._registry[model]
            assert isinstance(model_admin, ProvincialOnlyMixin)
            assert model_admin.has_module_permission(request) is expected
            assert model_admin.has_view_permission(request) is expected


def test_staff_browse_nominations_in_the_admin_but_cannot_add_one(staff_client, campaign):
    assert staff_client.get(reverse("admin:nominations_nomination_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:nominations_nomination_add")).status_code == 403
