"""The public showcase of past craftsmen: filters, search, pages, caching, photos, no PII."""

import re

import pytest
from django.urls import reverse

from longjiang.accounts.models import Unit
from publicity.services.showcase import clean_photo, unpublish_profile
from publicity.views.showcase import MAX_AGE, PUBLIC_PAGE_SIZE
from tests.factories import png_upload
from tests.publicity.showcase_helpers import make_craftsman, make_profile

pytestmark = pytest.mark.django_db

CONSENT = "本人签署的照片公开同意书（2021年9月20日）"


def names(response) -> list[str]:
    """The names on the cards, in order."""
    html = response.content.decode()
    return re.findall(r'class="stretched-link showcase-name" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def people(staff_user, seeded_units):
    """Five published profiles over two years, two unions and two industries, one draft."""
    harbin = Unit.objects.get(code="230100")
    qiqihar = Unit.objects.get(code="230200")
    rows = [
        ("王铁军", 2018, harbin, "C", "哈尔滨电机厂有限责任公司", True),
        ("李秀英", 2018, qiqihar, "D", "国网齐齐哈尔供电公司", True),
        ("张海峰", 2019, harbin, "C", "哈尔滨锅炉厂有限责任公司", True),
        ("赵红梅", 2019, qiqihar, "C", "中国一重集团有限公司", True),
        ("孙立国", 2019, harbin, "D", "华能哈尔滨第三发电厂", True),
        ("周未公", 2019, harbin, "C", "哈尔滨电机厂有限责任公司", False),
    ]
    made = {}
    for name, year, unit, industry, employer, published in rows:
        craftsman = make_craftsman(
            name=name, year=year, unit=unit, industry=industry, employer_name=employer
        )
        made[name] = make_profile(craftsman, actor=staff_user, published=published)
    return made


def get(client, **params):
    return client.get(reverse("public:craftsmen"), params)


def test_list_shows_published_profiles_newest_year_first_by_surname_strokes(client, people):
    response = get(client)

    assert response.status_code == 200
    # 2019 first; within a year by 姓氏笔画: 孙(6) 张(7) 赵(9); 王(4) 李(7).
    assert names(response) == ["孙立国", "张海峰", "赵红梅", "王铁军", "李秀英"]
    assert "周未公" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2018"}, ["王铁军", "李秀英"]),
        ({"unit": "230200"}, ["赵红梅", "李秀英"]),
        ({"industry": "D"}, ["孙立国", "李秀英"]),
        ({"year": "2019", "unit": "230100", "industry": "C"}, ["张海峰"]),
        ({"q": "红梅"}, ["赵红梅"]),
        ({"q": "锅炉"}, ["张海峰"]),
        ({"q": "哈尔滨"}, ["孙立国", "张海峰", "王铁军"]),
        ({"q": "无此人"}, []),
    ],
)
def test_list_filters_and_searches_exactly(client, people, params, expected):
    response = get(client, **params)

    assert response.status_code == 200
    assert names(response) == expected


def test_search_never_finds_an_employer_the_profile_hides(client, people, staff_user):
    profile = people["张海峰"]
    profile.show_employer = False
    profile.save()

    response = get(client, q="锅炉")

    assert names(response) == []
    assert "哈尔滨锅炉厂" not in get(client).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"year": "1999"}, {"year": "abc"}, {"unit": "999999"}, {"industry": "Z"}],
)
def test_invalid_filters_are_ignored_with_a_note(client, people, params):
    response = get(client, **params)

    assert response.status_code == 200
    assert names(response) == ["孙立国", "张海峰", "赵红梅", "王铁军", "李秀英"]
    assert "部分查询条件无效，已忽略。" in response.content.decode()


def test_invalid_filter_is_ignored_but_the_valid_ones_apply(client, people):
    response = get(client, year="2018", industry="Z")

    assert names(response) == ["王铁军", "李秀英"]
    assert "部分查询条件无效，已忽略。" in response.content.decode()


def test_filters_offer_only_what_published_profiles_have(client, people):
    html = get(client).content.decode()

    assert '<option value="2019">2019年度</option>' in html
    assert '<option value="2018">2018年度</option>' in html
    assert 'value="230200"' in html
    assert 'value="230300"' not in html
    assert '<option value="D">' in html
    assert '<option value="A">' not in html


def test_list_is_paged_and_a_missing_page_is_404(client, staff_user, seeded_units):
    for n in range(PUBLIC_PAGE_SIZE + 2):
        make_profile(make_craftsman(name=f"王{chr(0x4E00 + n)}"), actor=staff_user)

    first = get(client)
    second = get(client, page="2")

    assert len(names(first)) == PUBLIC_PAGE_SIZE
    assert len(names(second)) == 2
    assert set(names(first)).isdisjoint(names(second))
    assert "第2页 共2页" in second.content.decode()
    assert get(client, page="3").status_code == 404
    assert get(client, page="x").status_code == 404


@pytest.mark.parametrize(
    "url_name", ["public:craftsmen", "public:craftsman", "public:craftsman_photo"]
)
def test_public_pages_set_no_cookie_and_may_be_cached(client, people, staff_user, url_name):
    profile = people["王铁军"]
    if url_name == "public:craftsman_photo":
        profile = make_profile(
            make_craftsman(name="吴晓光"),
            actor=staff_user,
            photo_consent=True,
            photo_consent_note=CONSENT,
            photo=clean_photo(png_upload()),
        )
    args = [] if url_name == "public:craftsmen" else [profile.craftsman_id]
    url = reverse(url_name, args=args)
    # A visitor who signed in elsewhere on the site still gets the shared page.
    client.force_login(staff_user)

    response = client.get(url)

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert "Cookie" not in response.headers.get("Vary", "")
    if url_name != "public:craftsman_photo":
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_profile_shows_only_what_staff_chose(client, people):
    profile = people["王铁军"]
    profile.show_post = False
    profile.show_deeds = False
    profile.save()

    html = client.get(reverse("public:craftsman", args=[profile.craftsman_id])).content.decode()

    assert "王铁军" in html
    assert "2018年度龙江工匠" in html
    assert "哈尔滨电机厂有限责任公司" in html
    assert "哈尔滨市总工会" in html
    assert "电焊工" not in html
    assert "扎根一线二十年" not in html


def test_profile_shows_the_public_deeds_not_the_registers(client, staff_user, seeded_units):
    craftsman = make_craftsman(name="钱师傅", brief_deeds="名录原文，不应公开。")
    profile = make_profile(craftsman, actor=staff_user, deeds="经本人确认的公开事迹。")

    html = client.get(reverse("public:craftsman", args=[profile.craftsman_id])).content.decode()

    assert "经本人确认的公开事迹。" in html
    assert "名录原文" not in html


def test_unpublished_and_unknown_profiles_are_404(client, people, staff_user):
    draft = people["周未公"]
    withdrawn = unpublish_profile(people["王铁军"], actor=staff_user, reason="本人要求")

    assert client.get(reverse("public:craftsman", args=[draft.craftsman_id])).status_code == 404
    assert client.get(reverse("public:craftsman", args=[withdrawn.craftsman_id])).status_code == 404
    assert client.get(reverse("public:craftsman", args=[999999])).status_code == 404
    assert "王铁军" not in get(client).content.decode()


def test_photo_is_shown_and_served_only_with_consent_and_publication(
    client, staff_user, seeded_units
):
    with_photo = make_profile(
        make_craftsman(name="吴晓光"),
        actor=staff_user,
        photo_consent=True,
        photo_consent_note=CONSENT,
        photo=clean_photo(png_upload()),
    )
    without = make_profile(make_craftsman(name="郑大同"), actor=staff_user)
    photo_url = reverse("public:craftsman_photo", args=[with_photo.craftsman_id])

    shown = client.get(reverse("public:craftsman", args=[with_photo.craftsman_id]))
    served = client.get(photo_url)
    not_shown = client.get(reverse("public:craftsman", args=[without.craftsman_id]))

    assert photo_url in shown.content.decode()
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8\xff")
    assert 'filename="craftsman-' in served["Content-Disposition"]
    assert "photo.png" not in served["Content-Disposition"]
    assert "/photo/" not in not_shown.content.decode()
    no_photo_url = reverse("public:craftsman_photo", args=[without.craftsman_id])
    assert client.get(no_photo_url).status_code == 404
    unpublish_profile(with_photo, actor=staff_user)
    assert client.get(photo_url).status_code == 404


def test_public_pages_show_no_personal_numbers(client, staff_user, make_nomination):
    nomination = make_nomination(name="冯志远")
    craftsman = make_craftsman(
        name=nomination.name,
        year=2021,
        unit=nomination.unit,
        employer_name=nomination.employer_name,
        post=nomination.post,
        brief_deeds=nomination.brief_deeds,
        nomination=nomination,
    )
    craftsman.id_number = nomination.id_number
    craftsman.id_number_masked = nomination.id_number_masked
    craftsman.save()
    make_profile(craftsman, actor=staff_user, deeds=nomination.brief_deeds)

    pages = [
        client.get(reverse("public:craftsmen")).content.decode(),
        client.get(reverse("public:craftsman", args=[craftsman.pk])).content.decode(),
    ]

    for html in pages:
        assert "冯志远" in html
        assert nomination.id_number not in html
        assert nomination.id_number_masked not in html
        assert nomination.mobile not in html
        assert nomination.office_phone not in html
        assert nomination.address not in html


@pytest.mark.parametrize("size", [3, 30])
def test_public_list_query_count_is_constant(
    client, staff_user, seeded_units, size, django_assert_num_queries
):
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE)[:5])
    for n in range(size):
        make_profile(
            make_craftsman(name=f"李{chr(0x4E00 + n)}", year=2016 + n % 5, unit=units[n % 5]),
            actor=staff_user,
            photo_consent=n % 2 == 0,
            photo_consent_note=CONSENT if n % 2 == 0 else "",
        )

    # The facets, the count, the page of cards.
    with django_assert_num_queries(3):
        response = get(client)

    assert len(names(response)) == min(size, PUBLIC_PAGE_SIZE)


def test_profile_and_photo_take_one_query(
    client, staff_user, seeded_units, django_assert_num_queries
):
    profile = make_profile(
        make_craftsman(name="吴晓光"),
        actor=staff_user,
        photo_consent=True,
        photo_consent_note=CONSENT,
        photo=clean_photo(png_upload()),
    )

    with django_assert_num_queries(1):
        assert (
            client.get(reverse("public:craftsman", args=[profile.craftsman_id])).status_code == 200
        )
    with django_assert_num_queries(1):
        assert (
            client.get(reverse("public:craftsman_photo", args=[profile.craftsman_id])).status_code
            == 200
        )


def test_home_page_and_public_navbar_link_to_the_showcase(client, campaign):
    html = client.get(reverse("home")).content.decode()

    # Once in the navbar, once among the home page's buttons.
    assert html.count(f'href="{reverse("public:craftsmen")}"') == 2


def test_a_number_reaching_a_public_page_another_way_is_masked(client, staff_user, seeded_units):
    person = make_craftsman(name="李四")
    make_profile(person, actor=staff_user)
    # The register row is corrected after publication, past the services' check.
    type(person).objects.filter(pk=person.pk).update(
        post="钳工 13912345678", employer_name="电机厂 230102199001011234"
    )

    for path in (f"/craftsmen/{person.pk}/", "/craftsmen/"):
        body = client.get(path).content.decode()
        assert "13912345678" not in body and "230102199001011234" not in body
        assert "钳工 ***********" in body
        assert "电机厂 " + "*" * 18 in body
