from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from nominations.validators import (
    ID_CHECK_CHARS,
    PROVINCE_CODES,
    USCC_ALPHABET,
    IdNumberInfo,
    MaxCharactersValidator,
    age_on,
    count_characters,
    credit_code_check_char,
    credit_code_checksum_ok,
    id_check_digit,
    mask_id_number,
    mask_mobile,
    normalize_mobile,
    parse_id_number,
    validate_credit_code_format,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_postal_code,
)

TODAY = date(2025, 6, 30)
VALID_ID = "11010519491231002X"

# Keep hypothesis from writing an example database into the working tree.
hypothesis_settings = settings(database=None, max_examples=200, deadline=None)


def with_check_digit(first17: str) -> str:
    return first17 + id_check_digit(first17)


def assert_invalid(exc_info: pytest.ExceptionInfo[ValidationError], code: str, message: str):
    assert exc_info.value.code == code
    assert exc_info.value.messages == [message]


# --- 公民身份号码 ------------------------------------------------------------------


def test_id_check_digit_known_vector():
    assert id_check_digit("11010519491231002") == "X"


def test_id_check_digit_rejects_wrong_length():
    with pytest.raises(ValueError):
        id_check_digit("1101051949123100")


def test_parse_id_number_valid_vector():
    info = parse_id_number(VALID_ID, today=TODAY, max_age=None)

    assert info == IdNumberInfo(
        number=VALID_ID, region="110105", birth_date=date(1949, 12, 31), sex="2"
    )


def test_parse_id_number_lowercase_x_and_spaces_normalised():
    info = parse_id_number(" 110105 19491231 002x ", today=TODAY, max_age=None)

    assert info.number == VALID_ID


def test_parse_id_number_full_width_digits_normalised():
    info = parse_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY, max_age=None)

    assert info.number == VALID_ID


def test_parse_id_number_odd_17th_digit_is_male():
    number = with_check_digit("23010219800101001")

    info = parse_id_number(number, today=TODAY)

    assert info.sex == "1"
    assert info.birth_date == date(1980, 1, 1)


def test_parse_id_number_wrong_checksum():
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number("110105194912310021", today=TODAY, max_age=None)

    assert_invalid(exc_info, "id_checksum", "公民身份号码校验位不正确。")


def test_parse_id_number_legacy_15_digits():
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number("110105491231002", today=TODAY)

    assert_invalid(exc_info, "id_legacy", "15位身份证号码已停止使用，请填写18位公民身份号码。")


@pytest.mark.parametrize(
    "value",
    ["", "1101051949123100", "1101051949123100211", "11010519491231002Y", "X10105194912310021"],
)
def test_parse_id_number_bad_format(value: str):
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(value, today=TODAY)

    assert_invalid(exc_info, "id_format", "公民身份号码应为18位：前17位为数字，最后一位为数字或X。")


@pytest.mark.parametrize("prefix", ["00", "10", "16", "20", "39", "47", "55", "66", "72", "84"])
def test_parse_id_number_bad_region(prefix: str):
    number = with_check_digit(prefix + "010519800101001")

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number, today=TODAY)

    assert_invalid(exc_info, "id_region", "公民身份号码前两位不是有效的省级行政区划代码。")


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_parse_id_number_hong_kong_macao_taiwan_prefixes_accepted(prefix: str):
    number = with_check_digit(prefix + "19800101001")

    info = parse_id_number(number, today=TODAY)

    assert info.region == prefix


def test_parse_id_number_unknown_county_code_accepted():
    number = with_check_digit("23999919800101002")

    info = parse_id_number(number, today=TODAY)

    assert info.region == "239999"


@pytest.mark.parametrize("birth", ["19800231", "19801301", "19800001", "19810229"])
def test_parse_id_number_impossible_birth_date(birth: str):
    number = with_check_digit("230102" + birth + "001")

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number, today=TODAY)

    assert_invalid(exc_info, "id_birth_date", "公民身份号码中的出生日期不是有效日期。")


def test_parse_id_number_future_birth_date():
    number = with_check_digit("23010220250701001")

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number, today=TODAY, min_age=0)

    assert_invalid(exc_info, "id_birth_date", "公民身份号码中的出生日期晚于今天。")


def test_parse_id_number_birth_date_today_accepted_with_min_age_zero():
    number = with_check_digit("23010220250630002")

    info = parse_id_number(number, today=TODAY, min_age=0)

    assert info.birth_date == TODAY


def test_parse_id_number_too_young():
    number = with_check_digit("23010220090701001")

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number, today=TODAY)

    assert_invalid(exc_info, "id_age", "按公民身份号码计算，年龄为15岁，不满16岁。")
    assert exc_info.value.params == {"on_day": "", "age": 15, "min_age": 16}


def test_parse_id_number_sixteenth_birthday_accepted():
    number = with_check_digit("23010220090630001")

    info = parse_id_number(number, today=TODAY)

    assert age_on(info.birth_date, TODAY) == 16


def test_parse_id_number_too_old():
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(VALID_ID, today=TODAY)

    assert_invalid(exc_info, "id_age", "按公民身份号码计算，年龄为75岁，超过65岁。")
    assert exc_info.value.params == {"on_day": "", "age": 75, "max_age": 65}


def test_parse_id_number_custom_max_age_accepts():
    info = parse_id_number(VALID_ID, today=TODAY, max_age=75)

    assert info.birth_date == date(1949, 12, 31)


def test_parse_id_number_today_defaults_to_local_date():
    # Born on 1 January seventy years ago: exactly 70 on every day of this year.
    birth_year = timezone.localdate().year - 70
    number = with_check_digit("230102" + str(birth_year) + "0101001")

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number)

    assert exc_info.value.code == "id_age"
    assert exc_info.value.params == {"on_day": "", "age": 70, "max_age": 65}


def test_parse_id_number_takes_the_age_on_the_day_given():
    # 65 on 30 June 2021, 66 from 1 July: refused at a deadline of 1 July 2021.
    number = with_check_digit("23010219550701001")

    assert parse_id_number(number, today=TODAY, age_at=date(2021, 6, 30)).birth_date == date(
        1955, 7, 1
    )
    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(number, today=TODAY, age_at=date(2021, 7, 1))

    assert_invalid(
        exc_info, "id_age", "按公民身份号码计算，截至2021年7月1日，年龄为66岁，超过65岁。"
    )


def test_validate_id_number_accepts_working_age():
    validate_id_number(with_check_digit("23010219800101001"))


def test_validate_id_number_rejects_bad_checksum():
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number("230102198001010010")

    assert exc_info.value.code == "id_checksum"


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1980, 5, 20), date(2025, 5, 19), 44),
        (date(1980, 5, 20), date(2025, 5, 20), 45),
        (date(2000, 2, 29), date(2025, 2, 28), 24),
        (date(2000, 2, 29), date(2025, 3, 1), 25),
        (date(2025, 6, 30), date(2025, 6, 30), 0),
    ],
)
def test_age_on_counts_completed_years(birth: date, on: date, age: int):
    assert age_on(birth, on) == age


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("23010219800101123X", "2301**********123X"),
        (VALID_ID, "1101**********002X"),
        ("", ""),
        ("1234", "****"),
    ],
)
def test_mask_id_number(number: str, masked: str):
    assert mask_id_number(number) == masked


_provinces = st.sampled_from(sorted(PROVINCE_CODES))
_four_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
_sequences = st.text(alphabet="0123456789", min_size=3, max_size=3)
_birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@hypothesis_settings
@given(province=_provinces, county=_four_digits, birth=_birth_dates, sequence=_sequences)
def test_parse_id_number_any_well_formed_number_accepted(
    province: str, county: str, birth: date, sequence: str
):
    number = with_check_digit(province + county + birth.strftime("%Y%m%d") + sequence)

    info = parse_id_number(number, today=TODAY, min_age=0, max_age=None)

    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("1" if int(sequence[2]) % 2 else "2")


@hypothesis_settings
@given(
    province=_provinces,
    county=_four_digits,
    birth=_birth_dates,
    sequence=_sequences,
    data=st.data(),
)
def test_parse_id_number_any_other_check_digit_rejected(
    province: str, county: str, birth: date, sequence: str, data: st.DataObject
):
    first17 = province + county + birth.strftime("%Y%m%d") + sequence
    wrong = data.draw(
        st.sampled_from(ID_CHECK_CHARS).filter(lambda c: c != id_check_digit(first17))
    )

    with pytest.raises(ValidationError) as exc_info:
        parse_id_number(first17 + wrong, today=TODAY, min_age=0, max_age=None)

    assert exc_info.value.code == "id_checksum"


# --- Telephone numbers and postal codes ----------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "008613812345678",
        "8613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_normalize_mobile_strips_separators_and_country_code(value: str):
    assert normalize_mobile(value) == "13812345678"


@pytest.mark.parametrize(
    "value",
    ["", "12812345678", "1381234567", "138123456789", "+85213812345678", "86138123456", "abc"],
)
def test_normalize_mobile_rejects_invalid(value: str):
    with pytest.raises(ValidationError) as exc_info:
        normalize_mobile(value)

    assert_invalid(exc_info, "mobile_format", "请填写11位中国大陆手机号码。")


def test_normalize_mobile_86_without_eleven_digits_not_stripped():
    # "86" followed by 9 digits is not a prefixed number, and "86…" is no mobile either.
    with pytest.raises(ValidationError) as exc_info:
        normalize_mobile("86138123456")

    assert exc_info.value.code == "mobile_format"


def test_validate_mobile_accepts_and_rejects():
    validate_mobile("+86 199 0000 1111")

    with pytest.raises(ValidationError) as exc_info:
        validate_mobile("0451-12345678")

    assert exc_info.value.code == "mobile_format"


@hypothesis_settings
@given(
    prefix=st.sampled_from(["", "+86", "0086", "86", "+86 "]),
    second=st.sampled_from("3456789"),
    rest=st.text(alphabet="0123456789", min_size=9, max_size=9),
)
def test_normalize_mobile_is_idempotent(prefix: str, second: str, rest: str):
    once = normalize_mobile(prefix + "1" + second + rest)

    assert normalize_mobile(once) == once
    assert once == "1" + second + rest


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13812345678", "138****5678"), ("+86 138-1234-5678", "138****5678"), ("", "")],
)
def test_mask_mobile(value: str, masked: str):
    assert mask_mobile(value) == masked


@pytest.mark.parametrize(
    "value", ["0451-12345678", "045112345678", "010-1234567", "0451-12345678-123", "021-87654321"]
)
def test_validate_landline_accepts(value: str):
    validate_landline(value)


@pytest.mark.parametrize(
    "value", ["", "12345678", "0451-123456", "0451-123456789", "0451-12345678-", "13812345678"]
)
def test_validate_landline_rejects(value: str):
    with pytest.raises(ValidationError) as exc_info:
        validate_landline(value)

    assert_invalid(exc_info, "landline_format", "请填写带区号的固定电话号码，例如0451-12345678。")


def test_validate_postal_code_accepts_six_digits():
    validate_postal_code("150001")


@pytest.mark.parametrize("value", ["", "15000", "1500011", "15000A", "１５０００１"])
def test_validate_postal_code_rejects(value: str):
    with pytest.raises(ValidationError) as exc_info:
        validate_postal_code(value)

    assert_invalid(exc_info, "postal_code", "邮政编码应为6位数字。")


# --- 统一社会信用代码 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "check"), [("91110108551385082Q", "Q"), ("91110000600037341L", "L")]
)
def test_credit_code_check_char_known_vectors(code: str, check: str):
    assert credit_code_check_char(code[:17]) == check


def test_credit_code_check_char_rejects_letters_outside_alphabet():
    with pytest.raises(ValueError):
        credit_code_check_char("9111010855138508I")


@pytest.mark.parametrize("code", ["91110108551385082Q", "91110000600037341L", "91110108551385082q"])
def test_credit_code_checksum_ok_valid_codes(code: str):
    validate_credit_code_format(code)

    assert credit_code_checksum_ok(code) is True


def test_credit_code_pilot_code_passes_format_but_fails_checksum():
    validate_credit_code_format("91350100M0001TGQXM")

    assert credit_code_checksum_ok("91350100M0001TGQXM") is False


@pytest.mark.parametrize(
    "code",
    ["", "91110108551385082", "91110108551385082QQ", "9111010855138508IQ", "91110108551385O82Q"],
)
def test_validate_credit_code_format_rejects(code: str):
    with pytest.raises(ValidationError) as exc_info:
        validate_credit_code_format(code)

    assert_invalid(
        exc_info, "uscc_format", "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。"
    )
    assert credit_code_checksum_ok(code) is False


_uscc_bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


@hypothesis_settings
@given(body=_uscc_bodies)
def test_credit_code_check_char_round_trips(body: str):
    code = body + credit_code_check_char(body)

    validate_credit_code_format(code)
    assert credit_code_checksum_ok(code) is True


@hypothesis_settings
@given(body=_uscc_bodies, data=st.data())
def test_credit_code_checksum_ok_any_other_last_char_fails(body: str, data: st.DataObject):
    right = credit_code_check_char(body)
    wrong = data.draw(st.sampled_from(USCC_ALPHABET).filter(lambda c: c != right))

    assert credit_code_checksum_ok(body + wrong) is False


# --- Free text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("龙江工匠", 4),
        ("龙江 工匠\n", 4),
        ("精益求精，追求卓越。", 10),
        ("\u3000\u3000首段缩进。\t", 5),
        ("CNC 加工 5 轴", 7),
        ("𠀀字", 2),
    ],
)
def test_count_characters_ignores_whitespace(text: str, count: int):
    assert count_characters(text) == count


@hypothesis_settings
@given(
    text=st.text(),
    spaces=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from([" ", "\n", "\t", "\u3000", "\r\n"]))
    ),
)
def test_count_characters_invariant_under_inserted_whitespace(
    text: str, spaces: list[tuple[int, str]]
):
    padded = text
    for position, space in spaces:
        index = position % (len(padded) + 1)
        padded = padded[:index] + space + padded[index:]

    assert count_characters(padded) == count_characters(text)


def test_max_characters_validator_accepts_at_limit():
    MaxCharactersValidator(4)("龙江 工匠")


def test_max_characters_validator_rejects_over_limit():
    with pytest.raises(ValidationError) as exc_info:
        MaxCharactersValidator(3)("龙江 工匠")

    assert_invalid(exc_info, "too_many_characters", "不能超过3个字（当前4个字）。")
    assert exc_info.value.params == {"limit": 3, "count": 4}


def test_max_characters_validator_equality_and_deconstruct():
    validator = MaxCharactersValidator(300)

    assert validator == MaxCharactersValidator(300)
    assert validator != MaxCharactersValidator(1500)
    assert validator.deconstruct() == (
        "nominations.validators.MaxCharactersValidator",
        (300,),
        {},
    )
