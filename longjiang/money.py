"""Amounts of money as a finance office writes them: 人民币大写 (Chinese capital numerals).

The rules are the People's Bank of China's 《正确填写票据和结算凭证的基本规定》
(appendix to 《支付结算办法》, 银发〔1997〕393号), which every voucher, receipt and
award roster follows:

- the digits 零壹贰叁肆伍陆柒捌玖 and the units 拾佰仟万亿 and 元角分;
- 整 after 元 when there are no 角 and 分 (伍仟元整); nothing after 角 or 分;
- a zero between digits is written 零 (壹仟肆佰零玖元伍角), several zeros in a
  row once (陆仟零柒元壹角肆分), and 元 is followed by 零 when 角 is zero and 分
  is not (壹拾元零伍分);
- where the rules leave a choice (a zero at the 万 or 元 place, alone or among
  others, before a non-zero 仟 or 角), this module makes one: a single zero exactly
  at the 万, 亿 or 元 place is not written (壹拾万伍仟元整, 壹仟陆佰捌拾元叁角贰分),
  a run of several zeros is written as one 零 (壹佰万零伍仟元整,
  壹拾万柒仟元零伍角叁分). Both forms are the rules' own examples;
- a leading 拾 is always written 壹拾 (壹拾万元整, never 拾万元整), as on bank
  vouchers, so that no digit can be written in front of it later.

The caller writes 人民币 before the result where the document needs it (the
roster's total line does). Amounts are whole fen: a negative amount, a fraction
of a fen, a float (which cannot hold 0.1 exactly) and amounts of a trillion yuan
or more are refused.
"""

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
# Units of the places inside a group of four digits, lowest first.
PLACES = ("", "拾", "佰", "仟")
# Units of the groups of four digits, lowest first: 元, 万, 亿.
GROUPS = ("", "万", "亿")
# The largest amount written: 9999 9999 9999.99 yuan (below 一万亿).
LIMIT = Decimal(10) ** 12


def chinese_capital_amount(amount: Decimal | int) -> str:
    """Return ``amount`` yuan in Chinese capital numerals: 5000 → 伍仟元整, 0.5 → 伍角.

    Raises ``ValueError`` for a negative amount, a fraction of a fen or an amount
    of 一万亿 yuan or more, and ``TypeError`` for anything but an int or a Decimal.
    """
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
        raise TypeError(f"amount must be an int or a Decimal, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    if value < 0:
        raise ValueError("a negative amount has no capital form")
    if value >= LIMIT:
        raise ValueError("amount must be below 1,000,000,000,000 yuan")
    fen_total = value * 100
    if fen_total != fen_total.to_integral_value():
        raise ValueError("amount must be whole fen (at most two decimal places)")
    fen_total = int(fen_total)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)

    if yuan == 0 and cents == 0:
        return "零元整"
    # Each place as (digit, the text written after the digit when it is non-zero,
    # the group unit written after the place when the group is non-zero).
    digits = [int(d) for d in str(yuan)] if yuan else []
    places = []
    count = len(digits)
    for index, digit in enumerate(digits):
        power = count - 1 - index
        group, place = divmod(power, 4)
        places.append((digit, PLACES[place], GROUPS[group] if place == 0 else None, power))
    if yuan:
        places.append((None, "", "元", -1))
    places.append((jiao, "角", None, -2))
    places.append((fen, "分", None, -3))
    return _write(places) + ("整" if cents == 0 else "")


def _write(places: list) -> str:
    """Write the places out, with 零 for the zeros between non-zero digits.

    ``places`` are (digit or None for the 元 marker, place unit, group unit or None,
    power of ten; -1 is the 元 marker, -2 角, -3 分).
    """
    out: list[str] = []
    # Non-zero digits of each group of the integer part, so a group of zeros (the 万
    # of 壹亿零伍仟) writes no unit.
    group_has_digits: dict[int, bool] = {}
    for digit, _unit, _group, power in places:
        if power >= 0 and digit:
            group_has_digits[power // 4] = True
    zeros: list[int] = []  # powers of the zeros since the last non-zero digit
    seen_digit = False
    for digit, unit, group, power in places:
        if power == -1:
            # 元 closes the integer part; a zero at the 元 place still counts as a zero.
            out.append("元")
            continue
        if digit == 0:
            if seen_digit:
                zeros.append(power)
            if group is not None and group_has_digits.get(power // 4):
                out.append(group)
            continue
        if zeros:
            if _zero_written(zeros):
                out.append("零")
            zeros = []
        seen_digit = True
        out.append(DIGITS[digit] + unit)
        if group:
            out.append(group)
    return "".join(out)


def _zero_written(zeros: list[int]) -> bool:
    """Whether a run of zeros between two non-zero digits is written as 零.

    A single zero exactly at a group's own place (万, 亿) or at the 元 place is left
    unwritten; every other run is written once.
    """
    return not (len(zeros) == 1 and zeros[0] in (0, 4, 8))


def format_yuan(amount: Decimal | int) -> str:
    """Return an amount in figures with thousands separators: 25000 → 25,000; 0.5 → 0.50."""
    value = Decimal(amount)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"
