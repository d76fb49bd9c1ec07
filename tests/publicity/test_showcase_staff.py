"""Staff's pages and services of the showcase: what a profile shows, the photo and its
consent, publish and unpublish, each audited."""

import pytest
from django.conf import settings
from django.urls import reverse

from longjiang.audit.models import AuditEvent
from longjiang.uploads import private_path
from publicity.models import ShowcaseProfile
from publicity.services.showcase import (
    PersonalNumberInDeeds,
    PersonalNumberInRegister,
    PhotoNeedsConsent,
    clean_photo,
    publish_profile,
    save_profile,
)
from tests.factories import png_upload
from tests.publicity.showcase_helpers import DEEDS, choices, make_craftsman, make_profile

pytestmark = pytest.mark.django_db

CONSENT = "本人签署的照片公开同意书（2021年9月20日）"


@pytest.fixture
def person(seeded_units):
    return make_craftsman(name="王铁军", post="电焊工")


def edit_url(person) -> str:
    return reverse("publicity:showcase_edit", args=[person.pk])


def form_data(**overrides) -> dict:
    data = {
        "action": "save",
        "show_employer": "on",
        "show_post": "on",
        "show_deeds": "on",
        "deeds": "公开的事迹。",
        "photo_consent_note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_new_profile_form_is_prefilled_from_the_register(staff_client, person):
    response = staff_client.get(edit_url(person))

    assert response.status_code == 200
    html = response.content.decode()
    assert DEEDS in html
    assert "未建展示页" in html
    assert not ShowcaseProfile.objects.exists()


def test_staff_create_a_profile_unpublished_and_audited(staff_client, staff_user, person):
    response = staff_client.post(edit_url(person), form_data(show_post=None))

    assert response.status_code == 302
    profile = ShowcaseProfile.objects.get(craftsman=person)
    assert (profile.published, profile.show_employer, profile.show_post, profile.show_deeds) == (
        False,
        True,
        False,
        True,
    )
    assert profile.deeds == "公开的事迹。"
    assert profile.photo == ""
    assert profile.updated_by == staff_user
    event = AuditEvent.objects.get(code="award.showcase_created")
    assert event.actor == staff_user
    assert event.subject_id == profile.pk
    assert event.data["name"] == "王铁军"
    assert event.data["year"] == 2018
    assert event.data["photo_added"] is False


def test_staff_publish_and_unpublish_audited(staff_client, staff_user, person):
    profile = make_profile(person, actor=staff_user, published=False)
    public_url = reverse("public:craftsman", args=[person.pk])

    published = staff_client.post(edit_url(person), {"action": "publish"})
    profile.refresh_from_db()
    assert published.status_code == 302
    assert profile.published is True
    assert profile.published_at is not None
    assert staff_client.get(public_url).status_code == 200

    unpublished = staff_client.post(edit_url(person), {"action": "unpublish", "reason": "本人要求"})
    profile.refresh_from_db()
    assert unpublished.status_code == 302
    assert profile.published is False
    assert profile.published_at is None
    assert staff_client.get(public_url).status_code == 404
    codes = list(
        AuditEvent.objects.filter(code__startswith="award.showcase_")
        .order_by("pk")
        .values_list("code", flat=True)
    )
    assert codes == [
        "award.showcase_created",
        "award.showcase_published",
        "award.showcase_unpublished",
    ]
    last = AuditEvent.objects.get(code="award.showcase_unpublished")
    assert last.actor == staff_user
    assert last.data == {"name": "王铁军", "year": 2018, "reason": "本人要求"}


def test_publishing_twice_is_refused_with_a_message(staff_client, staff_user, person):
    make_profile(person, actor=staff_user)

    response = staff_client.post(edit_url(person), {"action": "publish"}, follow=True)

    assert "该展示页已经公开。" in response.content.decode()
    assert AuditEvent.objects.filter(code="award.showcase_published").count() == 1


def test_publishing_before_saving_is_refused(staff_client, person):
    response = staff_client.post(edit_url(person), {"action": "publish"}, follow=True)

    assert "请先保存展示页，再公开。" in response.content.decode()
    assert not ShowcaseProfile.objects.exists()


def test_photo_without_consent_is_refused_and_nothing_is_stored(staff_client, person):
    response = staff_client.post(edit_url(person), form_data(photo=png_upload()))

    assert response.status_code == 200
    html = response.content.decode()
    assert "本人未同意公开照片，不能上传照片。" in html
    # What staff typed stays on the form.
    assert "公开的事迹。" in html
    assert not ShowcaseProfile.objects.exists()
    assert not (settings.PRIVATE_ROOT / "showcase").exists() or not any(
        (settings.PRIVATE_ROOT / "showcase").iterdir()
    )


def test_consent_needs_its_basis(staff_client, person):
    response = staff_client.post(edit_url(person), form_data(photo_consent="on"))

    assert response.status_code == 200
    assert "请注明本人同意公开照片的依据" in response.content.decode()
    assert not ShowcaseProfile.objects.exists()


def test_service_refuses_a_photo_without_consent(staff_user, person):
    with pytest.raises(PhotoNeedsConsent):
        save_profile(person, actor=staff_user, choices=choices(), photo=clean_photo(png_upload()))

    assert not ShowcaseProfile.objects.exists()


def test_photo_with_consent_is_stored_reencoded_under_a_random_name(
    staff_client, staff_user, person
):
    response = staff_client.post(
        edit_url(person),
        form_data(
            photo_consent="on",
            photo_consent_note=CONSENT,
            photo=png_upload("王铁军身份证230102198001010011.png"),
        ),
    )

    assert response.status_code == 302
    profile = ShowcaseProfile.objects.get(craftsman=person)
    assert profile.photo_consent is True
    assert profile.photo_consent_note == CONSENT
    assert profile.photo.startswith("showcase/")
    assert "王铁军" not in profile.photo and "png" not in profile.photo
    assert private_path(profile.photo).read_bytes().startswith(b"\xff\xd8\xff")
    event = AuditEvent.objects.get(code="award.showcase_created")
    assert event.data["photo_added"] is True
    assert len(event.data["sha256"]) == 64
    # Staff see the stored photo before publishing; the public does not.
    assert (
        staff_client.get(reverse("publicity:showcase_photo", args=[person.pk])).status_code == 200
    )
    anonymous = staff_client.__class__()
    assert anonymous.get(reverse("public:craftsman_photo", args=[person.pk])).status_code == 404


def test_withdrawing_consent_removes_the_photo(
    staff_client, staff_user, person, django_capture_on_commit_callbacks
):
    profile = make_profile(
        person,
        actor=staff_user,
        photo_consent=True,
        photo_consent_note=CONSENT,
        photo=clean_photo(png_upload()),
    )
    stored = private_path(profile.photo)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(edit_url(person), form_data(photo_consent=None))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo == ""
    assert profile.photo_consent is False
    assert profile.photo_consent_note == ""
    assert profile.published is True
    assert not stored.exists()
    event = AuditEvent.objects.get(code="award.showcase_updated")
    assert event.data["photo_removed"] is True
    assert event.data["changed"] == ["deeds", "photo_consent", "photo_consent_note"]
    public = staff_client.__class__()
    assert public.get(reverse("public:craftsman_photo", args=[person.pk])).status_code == 404


def test_remove_photo_keeps_the_consent(
    staff_client, staff_user, person, django_capture_on_commit_callbacks
):
    profile = make_profile(
        person,
        actor=staff_user,
        photo_consent=True,
        photo_consent_note=CONSENT,
        photo=clean_photo(png_upload()),
    )
    stored = private_path(profile.photo)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            edit_url(person),
            form_data(photo_consent="on", photo_consent_note=CONSENT, remove_photo="on"),
        )

    profile.refresh_from_db()
    assert profile.photo == ""
    assert profile.photo_consent is True
    assert not stored.exists()


def test_staff_list_shows_each_persons_profile_state_and_filters(
    staff_client, staff_user, seeded_units
):
    none = make_craftsman(name="甲未建", year=2018)
    draft = make_craftsman(name="乙草稿", year=2019)
    shown = make_craftsman(name="丙公开", year=2019)
    make_profile(draft, actor=staff_user, published=False)
    make_profile(shown, actor=staff_user)
    url = reverse("publicity:showcase")

    everything = staff_client.get(url).content.decode()
    published = staff_client.get(url, {"state": "published"}).content.decode()
    missing = staff_client.get(url, {"state": "none"}).content.decode()
    year = staff_client.get(url, {"year": "2019"}).content.decode()

    assert all(name in everything for name in ("甲未建", "乙草稿", "丙公开"))
    assert "丙公开" in published and "乙草稿" not in published and "甲未建" not in published
    assert "甲未建" in missing and "乙草稿" not in missing
    assert "甲未建" not in year and "乙草稿" in year
    assert reverse("publicity:showcase_edit", args=[none.pk]) in everything


@pytest.mark.parametrize("size", [3, 30])
def test_staff_list_query_count_is_constant(
    staff_client, staff_user, seeded_units, size, django_assert_num_queries
):
    for n in range(size):
        craftsman = make_craftsman(name=f"李{chr(0x4E00 + n)}", year=2016 + n % 5)
        if n % 2:
            make_profile(craftsman, actor=staff_user, published=n % 4 == 1)

    # Session and user; the filters' years and units; the register's and the published
    # count; the page's count and rows; the staff menu's campaign switcher (the
    # campaigns' years); the session's save (three statements).
    with django_assert_num_queries(12):
        response = staff_client.get(reverse("publicity:showcase"))

    assert response.status_code == 200


def test_published_profile_edited_changes_the_public_page(staff_client, staff_user, person):
    make_profile(person, actor=staff_user)

    staff_client.post(edit_url(person), form_data(show_employer=None))

    public = staff_client.__class__()
    html = public.get(reverse("public:craftsman", args=[person.pk])).content.decode()
    assert "哈尔滨电机厂有限责任公司" not in html
    assert AuditEvent.objects.get(code="award.showcase_updated").data["changed"] == [
        "show_employer",
        "deeds",
    ]


def test_publish_service_records_whether_a_photo_shows(staff_user, person):
    profile = save_profile(
        person,
        actor=staff_user,
        choices=choices(photo_consent=True, photo_consent_note=CONSENT),
        photo=clean_photo(png_upload()),
    )

    publish_profile(profile, actor=staff_user)

    assert AuditEvent.objects.get(code="award.showcase_published").data == {
        "name": "王铁军",
        "year": 2018,
        "photo": True,
    }


@pytest.mark.parametrize("number", ["230102198001010011", "13800138000"])
def test_deeds_with_a_personal_number_are_refused(staff_client, person, number):
    response = staff_client.post(edit_url(person), form_data(deeds=f"联系方式{number}，事迹突出。"))

    assert response.status_code == 200
    assert "疑似身份证号或手机号" in response.content.decode()
    assert not ShowcaseProfile.objects.exists()


def test_service_refuses_deeds_with_a_personal_number(staff_user, person):
    with pytest.raises(PersonalNumberInDeeds):
        save_profile(person, actor=staff_user, choices=choices(deeds="电话13800138000"))

    assert not ShowcaseProfile.objects.exists()


# --- Personal numbers in the register's post and employer -------------------------------

REGISTER_NUMBER_MESSAGE = (
    "名册中的%s有疑似身份证号或手机号的数字，不能公开：请先在名册中更正，或取消勾选公开该项。"
)


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"post": "钳工 13912345678"}, "岗位（工种）"),
        ({"employer_name": "哈尔滨电机厂 230102199001011234"}, "工作单位"),
        (
            {"post": "钳工13912345678", "employer_name": "电机厂13800138000"},
            "岗位（工种）、工作单位",
        ),
    ],
)
def test_service_refuses_to_show_a_register_field_with_a_personal_number(
    staff_user, seeded_units, fields, shown
):
    person = make_craftsman(name="李四", **fields)

    with pytest.raises(PersonalNumberInRegister) as refused:
        save_profile(person, actor=staff_user, choices=choices())

    assert str(refused.value.message) == REGISTER_NUMBER_MESSAGE % shown
    assert not ShowcaseProfile.objects.exists()


def test_a_hidden_post_with_a_personal_number_may_be_saved_and_published(
    client, staff_user, seeded_units
):
    person = make_craftsman(name="李四", post="钳工 13912345678")

    make_profile(person, actor=staff_user, show_post=False)

    body = client.get(f"/craftsmen/{person.pk}/").content.decode()
    assert "李四" in body and "13912345678" not in body


def test_publishing_refuses_a_post_with_a_personal_number(staff_user, seeded_units):
    person = make_craftsman(name="李四")
    profile = make_profile(person, actor=staff_user, published=False)
    person.post = "钳工 13912345678"
    person.save(update_fields=["post"])

    with pytest.raises(PersonalNumberInRegister):
        publish_profile(profile, actor=staff_user)

    profile.refresh_from_db()
    assert profile.published is False


def test_the_edit_page_explains_the_refusal_and_keeps_the_input(staff_client, seeded_units):
    person = make_craftsman(name="李四", post="钳工 13912345678")

    response = staff_client.post(edit_url(person), form_data(deeds="我写的事迹。"))

    text = response.content.decode()
    assert response.status_code == 200
    assert REGISTER_NUMBER_MESSAGE % "岗位（工种）" in text
    assert "我写的事迹。" in text
    assert not ShowcaseProfile.objects.exists()


# --- The encrypted ID number is not loaded for lists ------------------------------------


def test_public_and_staff_lists_do_not_load_the_id_number(staff_user, seeded_units):
    from publicity.selectors.showcase import (
        public_photo,
        public_profile,
        published_profiles,
        register_for_showcase,
    )

    person = make_craftsman(name="李四")
    make_profile(
        person,
        actor=staff_user,
        photo=clean_photo(png_upload()),
        photo_consent=True,
        photo_consent_note=CONSENT,
    )

    [listed] = published_profiles()
    assert "id_number" in listed.craftsman.get_deferred_fields()
    assert "id_number" in public_profile(person.pk).craftsman.get_deferred_fields()
    assert "id_number" in public_photo(person.pk).craftsman.get_deferred_fields()
    [row] = register_for_showcase()
    assert "id_number" in row.get_deferred_fields()


# --- Two first saves at once --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_end_in_one_profile(staff_user, admin_user, row_locks):
    import threading

    from django.db import connections

    person = make_craftsman(name="李四")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor):
        try:
            barrier.wait(timeout=10)
            save_profile(person, actor=actor, choices=choices(deeds=f"{actor.username}写的。"))
            outcomes.append("saved")
        except Exception as error:  # the outcome is what the test checks
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u,)) for u in (staff_user, admin_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == ["saved", "saved"]
    assert ShowcaseProfile.objects.count() == 1
    codes = sorted(
        AuditEvent.objects.filter(code__startswith="award.showcase_").values_list("code", flat=True)
    )
    assert codes == ["award.showcase_created", "award.showcase_updated"]
