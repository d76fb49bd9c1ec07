"""The 姓氏笔画 order and its data.

Expected values come from the committed data (Unihan 15.0 ``kTotalStrokes`` and ``kTGH``,
first strokes from the order of 《通用规范汉字表》), checked by hand against the stroke
orders of GF 0023-2020.
"""

import random
from pathlib import Path

import pytest

import longjiang.collation
from longjiang.collation import sorted_by_surname_strokes, surname_stroke_key

DATA = Path(longjiang.collation.__file__).parent
LEVELS = ((1, 3500), (3501, 6500), (6501, 8105))


def table_rows() -> list[tuple[str, int, int, int]]:
    """Return (character, strokes, first stroke, position) of every row of strokes.tsv."""
    with open(DATA / "strokes.tsv", encoding="utf-8") as lines:
        return [
            (char, int(strokes), int(first), int(position))
            for char, strokes, first, position in (
                line.rstrip("\n").split("\t") for line in lines if not line.startswith("#")
            )
        ]


# --- The data ----------------------------------------------------------------------------


def test_data_covers_every_character_of_the_table_once():
    rows = table_rows()

    assert len(rows) == 8105
    assert len({row[0] for row in rows}) == 8105
    assert [row[3] for row in rows] == list(range(1, 8106))
    assert {row[2] for row in rows} == {1, 2, 3, 4, 5}
    assert min(row[1] for row in rows) == 1
    assert max(row[1] for row in rows) == 36


def test_data_starts_with_the_first_characters_of_the_table():
    first_twenty = "".join(row[0] for row in table_rows()[:20])

    assert first_twenty == "一乙二十丁厂七卜八人入儿匕几九刁了刀力乃"


def test_data_follows_the_order_of_each_level_of_the_table():
    rows = table_rows()

    for first, last in LEVELS:
        level = [(strokes, stroke) for _, strokes, stroke, _ in rows[first - 1 : last]]
        assert level == sorted(level)


@pytest.mark.parametrize(
    ("char", "strokes", "first"),
    [
        ("一", 1, 1),
        ("乙", 1, 5),
        ("丁", 2, 1),
        ("卜", 2, 2),
        ("人", 2, 3),
        ("刁", 2, 5),
        ("于", 3, 1),
        ("上", 3, 2),
        ("凡", 3, 3),
        ("门", 3, 4),
        ("马", 3, 5),
        ("王", 4, 1),
        ("毛", 4, 3),
        ("方", 4, 4),
        ("孔", 4, 5),
        ("北", 5, 2),
        ("必", 5, 4),
        ("司", 5, 5),
        ("壮", 6, 4),
        ("欧", 8, 1),
        ("非", 8, 2),
        ("诸", 10, 4),
        ("堃", 11, 4),
        # Unihan 15.0 counts these simplified forms as traditional ones; the table does not.
        ("䜣", 6, 4),
        ("𫟼", 11, 3),
    ],
)
def test_data_gives_the_strokes_and_first_stroke_of_a_table_character(char, strokes, first):
    rows = {row[0]: row[1:3] for row in table_rows()}

    assert rows[char] == (strokes, first)
    assert surname_stroke_key(char)[:3] == f"{strokes:02d}{first}"


def test_unihan_data_lines_hold_two_digits_per_code_point():
    with open(DATA / "unihan_strokes.txt", encoding="utf-8") as lines:
        rows = [line.rstrip("\n").split("\t") for line in lines if not line.startswith("#")]

    assert len(rows) == 987
    assert all(len(digits) == 200 and digits.isdigit() for _, digits in rows)


# --- The key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("王", "0410000075"),
        ("欧阳", "08100010530650000572"),
        # 陳 is not in the table: its Unihan count, unknown first stroke 6, its code point.
        ("陳", "1060038515"),
        # 𠇔 (CJK Extension B) likewise.
        ("𠇔", "0660131540"),
        ("A", "9990000097"),
        ("a", "9990000097"),
        ("", ""),
    ],
)
def test_key_of_a_name_is_ten_digits_per_character(name, key):
    assert surname_stroke_key(name) == key


@pytest.mark.parametrize(
    "name",
    [
        "阿依古丽·买买提",
        "阿依古丽 买买提",
        "阿依古丽•买买提",
        "阿依古丽・买买提",
        " 阿依古丽　买买提 ",
    ],
)
def test_key_ignores_dots_and_spaces_between_parts_of_a_name(name):
    assert surname_stroke_key(name) == surname_stroke_key("阿依古丽买买提")


@pytest.mark.parametrize(
    "name", ["丁一", "上官婉", "李𠇔", "陳明", "Anna Smith", "阿依古丽·买买提"]
)
def test_key_is_ascii_digits_of_fixed_width_per_counted_character(name):
    key = surname_stroke_key(name)
    counted = [char for char in name if char not in " ·"]

    assert key.isascii()
    assert key.isdigit()
    assert len(key) == 10 * len(counted)


# --- The order ---------------------------------------------------------------------------

# In 姓氏笔画 order: strokes of the surname's first character, then its first stroke
# (横竖撇点折), then the following characters. Compound surnames go by their first character.
ORDERED = [
    "丁一",  # 丁 2 横
    "卜凡",  # 卜 2 竖
    "刁娟",  # 刁 2 折
    "于洋",  # 于 3 横
    "上官婉",  # 上 3 竖
    "马明",  # 马 3 折
    "王一",  # 王 4 横, then 一 1
    "王小明",  # then 小 3
    "王芳",  # then 芳 7
    "毛平",  # 毛 4 撇
    "文静",  # 文 4 点, before 方 in the table
    "方华",  # 方 4 点
    "孔勇",  # 孔 4 折
    "石刚",  # 石 5 横
    "田军",  # 田 5 竖
    "白桂英",  # 白 5 撇
    "冯超",  # 冯 5 点
    "司马光",  # 司 5 折
    "朱敏",  # 朱 6 撇
    "刘涛",  # 刘 6 点
    "李华",  # 李 7 横, then 华 6 撇
    "李𠇔",  # then 𠇔 6, first stroke unknown: after 6 撇
    "李芳",  # then 芳 7
    "杨明",  # 杨 7 横, after 李 in the table
    "张强",  # 张 7 折
    "阿依古丽·买买提",  # 阿 7 折, after 张 in the table
    "陈静",  # 陈 7 折
    "林英",  # 林 8 横
    "欧阳娟",  # 欧 8 横, after 林 in the table
    "周平",  # 周 8 撇
    "高勇",  # 高 10 点
    "诸葛亮",  # 诸 10 点, after 高 in the table
    "陳明",  # 陳 10, outside the table: after the known first strokes of 10
    "黄超",  # 黄 11 横
    "崔敏",  # 崔 11 竖
    "彭喆",  # 彭 12 横
    "喆丽",  # 喆 12 横, a level-3 character: after 彭
    "Anna Smith",  # not Han: after every Han name
]


def test_sorted_by_surname_strokes_puts_names_in_official_order():
    shuffled = ORDERED[:]
    random.Random(8).shuffle(shuffled)

    assert sorted_by_surname_strokes(shuffled) == ORDERED


def test_sorted_by_surname_strokes_reads_the_name_through_key():
    people = [{"name": name} for name in reversed(ORDERED)]

    ordered = sorted_by_surname_strokes(people, key=lambda person: person["name"])

    assert [person["name"] for person in ordered] == ORDERED


def test_plain_order_of_keys_is_the_surname_stroke_order():
    keys = [surname_stroke_key(name) for name in ORDERED]

    assert sorted(keys) == keys
    assert len(set(keys)) == len(keys)
