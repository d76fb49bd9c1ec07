"""人民币大写 against hand-written cases.

The cases marked PBoC are the examples of the People's Bank of China's
《正确填写票据和结算凭证的基本规定》 (appendix to 《支付结算办法》, 银发〔1997〕393号);
where the rules allow two forms, the one ``longjiang.money`` chose (docs/decisions.md).
"""

from decimal import Decimal

import pytest

from longjiang.money import chinese_capital_amount


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # The award and its totals.
        (5000, "伍仟元整"),
        (10000, "壹万元整"),
        (35000, "叁万伍仟元整"),
        (105000, "壹拾万伍仟元整"),
        (500000, "伍拾万元整"),
        (1005000, "壹佰万零伍仟元整"),
        (380000, "叁拾捌万元整"),
        (Decimal("5000.00"), "伍仟元整"),
        (Decimal("5000.000"), "伍仟元整"),
        # Nothing at all.
        (0, "零元整"),
        (Decimal("0.00"), "零元整"),
        # 角 and 分 without 元.
        (Decimal("0.5"), "伍角"),
        (Decimal("0.05"), "伍分"),
        (Decimal("0.55"), "伍角伍分"),
        # Leading 拾 is 壹拾.
        (10, "壹拾元整"),
        (15, "壹拾伍元整"),
        (100000, "壹拾万元整"),
        (150000, "壹拾伍万元整"),
        (1000000000, "壹拾亿元整"),
        # A 拾 inside the number follows its digit.
        (1010, "壹仟零壹拾元整"),
        (110, "壹佰壹拾元整"),
        # PBoC examples.
        (Decimal("1409.50"), "壹仟肆佰零玖元伍角"),
        (Decimal("6007.14"), "陆仟零柒元壹角肆分"),
        (Decimal("1680.32"), "壹仟陆佰捌拾元叁角贰分"),
        (Decimal("107000.53"), "壹拾万柒仟元零伍角叁分"),
        (Decimal("16409.02"), "壹万陆仟肆佰零玖元零贰分"),
        (Decimal("325.04"), "叁佰贰拾伍元零肆分"),
        # 角 zero, 分 not: 元 is followed by 零.
        (Decimal("10.05"), "壹拾元零伍分"),
        (Decimal("1.05"), "壹元零伍分"),
        (Decimal("100.05"), "壹佰元零伍分"),
        # 角 and no 分: no 整.
        (Decimal("1.50"), "壹元伍角"),
        (Decimal("10000.5"), "壹万元零伍角"),
        # Zeros inside a group, across groups, and a whole group of zeros.
        (1001, "壹仟零壹元整"),
        (100500, "壹拾万零伍佰元整"),
        (1000500, "壹佰万零伍佰元整"),
        (1010000, "壹佰零壹万元整"),
        (20000, "贰万元整"),
        (100000000, "壹亿元整"),
        (100005000, "壹亿零伍仟元整"),
        (110000000, "壹亿壹仟万元整"),
        (1010000000, "壹拾亿壹仟万元整"),
        (123456789, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"),
        (
            Decimal("999999999999.99"),
            "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
    ],
)
def test_chinese_capital_amount_writes_the_amount(amount, expected):
    assert chinese_capital_amount(amount) == expected


@pytest.mark.parametrize(
    "amount",
    [-1, Decimal("-0.01"), Decimal("0.001"), Decimal("5000.005"), 10**12, Decimal("NaN")],
)
def test_chinese_capital_amount_refuses_what_has_no_capital_form(amount):
    with pytest.raises(ValueError):
        chinese_capital_amount(amount)


@pytest.mark.parametrize("amount", [5000.0, "5000", True, None])
def test_chinese_capital_amount_takes_only_ints_and_decimals(amount):
    with pytest.raises(TypeError):
        chinese_capital_amount(amount)
