"""The field-by-field diff staff see after a returned nomination is resubmitted.

The snapshots are made by hand in the shape ``services.snapshot`` stores (JSON:
dates as ISO strings, choices as codes, rows and files as lists of dicts), so
each test shows exactly which difference produces which line.
"""

import copy

from nominations.diff import Change, diff_snapshots
from nominations.services import snapshot

PHOTO = {"id": 1, "kind": "photo", "name": "证件照.png", "sha256": "a" * 64}
HONOUR_EVIDENCE = {
    "id": 2,
    "kind": "evidence",
    "name": "荣誉证书1.pdf",
    "sha256": "b" * 64,
    "award": None,
    "honour": 5,
}
AWARD = {
    "id": 1,
    "name": "全省职工职业技能大赛",
    "organiser": "黑龙江省总工会",
    "level": "provincial_1",
    "rank": 2,
    "awarded_on": "2019-09-01",
}
HONOUR = {
    "id": 5,
    "title": "黑龙江省五一劳动奖章",
    "conferred_by": "黑龙江省总工会",
    "awarded_on": "2019-04-01",
}
BEFORE = {
    "name": "张建国",
    "id_number": "2301**********1234",
    "sex": "1",
    "birth_month": "1980-05-01",
    "industry": "C",
    "years_in_trade": 25,
    "skill_level": 60,
    "criteria": ["skill"],
    "union_joined": "2000-01-01",
    "consents_publication": True,
    "mobile": "",
    "awards": [AWARD],
    "honours": [HONOUR],
    "innovations": [],
    "mentorships": [],
    "attachments": [PHOTO, HONOUR_EVIDENCE],
}


def changed(**overrides) -> dict:
    """Return a deep copy of BEFORE with ``overrides`` applied."""
    after = copy.deepcopy(BEFORE)
    after.update(overrides)
    return after


def test_diff_snapshots_of_equal_snapshots_is_empty():
    assert diff_snapshots(BEFORE, copy.deepcopy(BEFORE)) == []


def test_diff_snapshots_of_a_scalar_shows_choice_labels():
    after = changed(sex="2", industry="D", skill_level=70)

    assert diff_snapshots(BEFORE, after) == [
        Change("sex", "性别", "男", "女"),
        Change("industry", "所属行业", "制造业", "电力、热力、燃气及水生产和供应业"),
        Change("skill_level", "职业技能等级", "高级技师（一级）", "特级技师"),
    ]


def test_diff_snapshots_of_plain_values_numbers_and_declarations():
    after = changed(name="张建华", years_in_trade=26, consents_publication=False)

    assert diff_snapshots(BEFORE, after) == [
        Change("name", "姓名", "张建国", "张建华"),
        Change("years_in_trade", "从事本职业（工种）年限", "25", "26"),
        Change(
            "consents_publication",
            "本人同意在公示和表彰中公开姓名、工作单位及职务（岗位）",
            "是",
            "否",
        ),
    ]


def test_diff_snapshots_of_criteria_shows_their_labels_in_order():
    after = changed(criteria=["craft", "skill"])

    assert diff_snapshots(BEFORE, after) == [
        Change("criteria", "符合条件", "高超技能", "工艺专长、高超技能")
    ]


def test_diff_snapshots_of_month_fields_shows_year_and_month():
    after = changed(birth_month="1981-06-01", union_joined=None)

    assert diff_snapshots(BEFORE, after) == [
        Change("birth_month", "出生年月", "1980年5月", "1981年6月"),
        Change("union_joined", "入会时间", "2000年1月", ""),
    ]


def test_diff_snapshots_of_a_field_filled_in_shows_an_empty_before():
    after = changed(employer_name="哈尔滨松江精密机械有限公司")

    assert diff_snapshots(BEFORE, after) == [
        Change("employer_name", "工作单位（全称）", "", "哈尔滨松江精密机械有限公司")
    ]


def test_diff_snapshots_treats_missing_none_and_blank_alike():
    after = changed(employer_name="", title_obtained_on=None, criteria=["skill"])

    assert diff_snapshots(BEFORE, after) == []


def test_diff_snapshots_shows_only_the_masked_id_number():
    after = changed(id_number="2301**********5678")

    assert diff_snapshots(BEFORE, after) == [
        Change("id_number", "公民身份号码", "2301**********1234", "2301**********5678")
    ]


def test_diff_snapshots_shows_a_mobile_correction_only_masked():
    before = changed(mobile="138****8000", mobile_fingerprint="a" * 16)
    after = changed(mobile="139****9000", mobile_fingerprint="b" * 16)

    assert diff_snapshots(before, after) == [Change("mobile", "手机", "138****8000", "139****9000")]


def test_diff_snapshots_sees_an_id_correction_hidden_by_the_mask():
    # Correcting a digit in the middle leaves the mask unchanged; the fingerprint tells.
    before = changed(id_number="2301**********0034", id_number_fingerprint="a" * 16)
    after = changed(id_number="2301**********0034", id_number_fingerprint="c" * 16)

    assert diff_snapshots(before, after) == [
        Change(
            "id_number",
            "公民身份号码",
            "2301**********0034",
            "2301**********0034（号码已更改）",
        )
    ]


def test_diff_snapshots_of_a_changed_row_shows_the_whole_section():
    after = changed(awards=[{**AWARD, "rank": 1, "awarded_on": "2020-10-01"}])

    assert diff_snapshots(BEFORE, after) == [
        Change(
            "awards",
            "竞赛获奖情况",
            "全省职工职业技能大赛 / 黑龙江省总工会 / 省级一类职业技能竞赛 / 2 / 2019年9月",
            "全省职工职业技能大赛 / 黑龙江省总工会 / 省级一类职业技能竞赛 / 1 / 2020年10月",
        )
    ]


def test_diff_snapshots_of_added_rows_lists_one_line_per_row():
    innovation = {
        "id": 3,
        "title": "精车操作法",
        "kind": "method",
        "number": "",
        "obtained_on": "2018-03-01",
        "benefit": "创效300万元",
    }
    studio = {"id": 4, "kind": "studio", "name": "张建国技能大师工作室", "level": "provincial"}
    second_honour = {"id": 6, "title": "哈尔滨市劳动模范", "conferred_by": "", "awarded_on": None}
    after = changed(honours=[HONOUR, second_honour], innovations=[innovation], mentorships=[studio])

    assert diff_snapshots(BEFORE, after) == [
        Change(
            "honours",
            "主要荣誉",
            "黑龙江省五一劳动奖章 / 黑龙江省总工会 / 2019年4月",
            "黑龙江省五一劳动奖章 / 黑龙江省总工会 / 2019年4月\n哈尔滨市劳动模范",
        ),
        Change(
            "innovations",
            "技术创新成果、专利、先进操作法、标准",
            "",
            "精车操作法 / 先进操作法 / 2018年3月 / 创效300万元",
        ),
        Change(
            "mentorships", "带徒传技与创新工作室", "", "创新工作室 / 张建国技能大师工作室 / 省级"
        ),
    ]


def test_diff_snapshots_of_a_removed_row_shows_an_empty_after():
    after = changed(awards=[])

    assert diff_snapshots(BEFORE, after) == [
        Change(
            "awards",
            "竞赛获奖情况",
            "全省职工职业技能大赛 / 黑龙江省总工会 / 省级一类职业技能竞赛 / 2 / 2019年9月",
            "",
        )
    ]


def test_diff_snapshots_ignores_row_ids():
    # A row deleted and entered again with the same content is no change.
    after = changed(honours=[{**HONOUR, "id": 99}])

    assert diff_snapshots(BEFORE, after) == []


def test_diff_snapshots_of_an_added_file_lists_the_files_sorted_by_name():
    award_evidence = {**HONOUR_EVIDENCE, "id": 3, "name": "获奖证书1.pdf", "sha256": "c" * 64}
    after = changed(attachments=[PHOTO, HONOUR_EVIDENCE, award_evidence])

    assert diff_snapshots(BEFORE, after) == [
        Change(
            "attachments",
            "照片与佐证材料",
            "荣誉证书1.pdf · bbbbbbbb\n证件照.png · aaaaaaaa",
            "荣誉证书1.pdf · bbbbbbbb\n获奖证书1.pdf · cccccccc\n证件照.png · aaaaaaaa",
        )
    ]


def test_diff_snapshots_of_a_replaced_photo_shows_old_and_new_names():
    new_photo = {**PHOTO, "id": 7, "name": "蓝底证件照.png", "sha256": "d" * 64}
    after = changed(attachments=[new_photo, HONOUR_EVIDENCE])

    assert diff_snapshots(BEFORE, after) == [
        Change(
            "attachments",
            "照片与佐证材料",
            "荣誉证书1.pdf · bbbbbbbb\n证件照.png · aaaaaaaa",
            "荣誉证书1.pdf · bbbbbbbb\n蓝底证件照.png · dddddddd",
        )
    ]


def test_diff_snapshots_of_a_file_replaced_under_the_same_name_reports_the_files():
    same_name = {**PHOTO, "id": 7, "sha256": "e" * 64}
    after = changed(attachments=[same_name, HONOUR_EVIDENCE])

    changes = diff_snapshots(BEFORE, after)

    assert [change.key for change in changes] == ["attachments"]
    # The names are equal; the fingerprints tell the old file from the new.
    assert changes[0].before.splitlines()[1] == "证件照.png · aaaaaaaa"
    assert changes[0].after.splitlines()[1] == "证件照.png · eeeeeeee"


def test_diff_snapshots_lists_changes_in_form_order():
    after = changed(
        attachments=[PHOTO],
        honours=[],
        criteria=["skill", "craft"],
        industry="E",
        name="张建华",
    )

    assert [change.key for change in diff_snapshots(BEFORE, after)] == [
        "name",
        "industry",
        "criteria",
        "honours",
        "attachments",
    ]


def test_diff_snapshots_of_two_snapshots_of_one_nomination_is_empty(make_nomination):
    nomination = make_nomination()

    first, second = snapshot(nomination), snapshot(nomination)

    assert first["mobile"] == "138****8000"
    assert diff_snapshots(first, second) == []
