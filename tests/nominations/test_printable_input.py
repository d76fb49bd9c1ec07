"""Text that reaches the PDFs is refused when typed if no font can print it.

Rare Han characters that a font of the chain draws (CJK Extensions A to F) are
accepted; emoji, control characters, bidirectional overrides and characters no
font has are refused with a message naming each one, and the typed values stay.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nominations.models import Nomination
from nominations.validators import validate_printable
from tests.nominations.test_views import (
    edit_url,
    field_errors,
    form_data,
    nomination_data,
)

EXT_B_NAME = "李\U000201d4"  # 李𠇔
EXT_C_NAME = "王\U0002a700"
EXT_G = "\U00030ede"  # CJK Extension G: in no font of the chain


@pytest.mark.parametrize(
    "value",
    ["王淑芬", EXT_B_NAME, EXT_C_NAME, "欧阳\u3427", "第一段。\n\n第二段。", "A-1（一等奖）", ""],
)
def test_validate_printable_accepts_text_the_font_chain_prints(value):
    assert validate_printable(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("王😀", "「😀」(U+1F600)无法打印，请删除或替换。"),
        ("王\u202e芬", "(U+202E)无法打印，请删除或替换。"),
        ("王\u2067芬\u2069", "(U+2067)、(U+2069)无法打印，请删除或替换。"),
        ("王\x08芬", "(U+0008)无法打印，请删除或替换。"),
        ("王" + EXT_G, f"「{EXT_G}」(U+30EDE)无法打印，请删除或替换。"),
    ],
    ids=["emoji", "bidi-override", "bidi-isolates", "control", "no-font"],
)
def test_validate_printable_refuses_naming_each_character(value, message):
    with pytest.raises(ValidationError) as raised:
        validate_printable(value)

    assert raised.value.messages == [message]
    assert raised.value.code == "unprintable"


@pytest.mark.django_db
def test_create_with_an_emoji_in_the_name_shows_the_error_and_keeps_typed_values(
    clerk_client, campaign
):
    data = form_data({"name": "王淑😀", "employer_name": "齐心机械\u202e制造有限公司"})

    response = clerk_client.post(reverse("nominations:create"), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_name") == ["「😀」(U+1F600)无法打印，请删除或替换。"]
    assert field_errors(response.content, "id_employer_name") == [
        "(U+202E)无法打印，请删除或替换。"
    ]
    assert 'name="name" value="王淑😀"' in response.content.decode()
    assert Nomination.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", [EXT_B_NAME, EXT_C_NAME], ids=["extension-b", "extension-c"])
def test_create_with_a_rare_name_the_chain_prints_is_saved(clerk_client, campaign, name):
    response = clerk_client.post(reverse("nominations:create"), form_data({"name": name}))

    assert response.status_code == 302
    assert Nomination.objects.get().name == name


@pytest.mark.django_db
def test_save_row_with_an_emoji_shows_the_error_on_its_cell(clerk_client, make_nomination):
    nomination = make_nomination(complete=False)
    data = nomination_data(nomination)
    data.update(
        {
            "honours-TOTAL_FORMS": "1",
            "honours-0-title": "五一劳动奖章🏅",
            "honours-0-conferred_by": "黑龙江省总工会",
            "honours-0-awarded_on": "2019-04",
        }
    )

    response = clerk_client.post(edit_url(nomination), data)

    assert response.status_code == 200
    assert field_errors(response.content, "id_honours-0-title") == [
        "「🏅」(U+1F3C5)无法打印，请删除或替换。"
    ]
    assert nomination.honours.count() == 0
