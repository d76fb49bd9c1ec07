import pytest
from django.utils import translation

from nominations.codes import (
    NON_PUBLIC_NATURES,
    NOTICE_COMPETITION_THRESHOLDS,
    CompetitionLevel,
    Criterion,
    Education,
    EmployerNature,
    Ethnicity,
    Industry,
    PoliticalStatus,
    Sex,
    SkillLevel,
    TitleLevel,
    meets_notice_threshold,
    normalize_ethnicity_name,
)


def test_sex_uses_gb_t_2261_codes():
    assert Sex.choices == [("1", "男"), ("2", "女")]


def test_ethnicity_has_56_groups_plus_97_and_98():
    codes = [code for code, _label in Ethnicity.choices]

    assert len(codes) == 58
    assert codes == [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]


def test_ethnicity_labels_are_distinct():
    labels = [str(label) for _code, label in Ethnicity.choices]

    assert len(set(labels)) == 58


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("01", "汉族"),
        ("11", "满族"),
        ("31", "达斡尔族"),
        ("36", "毛南族"),
        ("46", "德昂族"),
        ("52", "鄂伦春族"),
        ("53", "赫哲族"),
        ("97", "其他（未识别民族）"),
        ("98", "外国血统中国籍人士"),
    ],
)
def test_ethnicity_label_for_code(code: str, label: str):
    assert Ethnicity(code).label == label


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("汉族", "01"),
        ("汉", "01"),
        ("朝鲜族", "10"),
        ("土族", "30"),
        ("土", "30"),
        ("土家族", "15"),
        ("土家", "15"),
        (" 赫哲族 ", "53"),
        ("外国血统中国籍人士", "98"),
    ],
)
def test_normalize_ethnicity_name_current_names(name: str, code: str):
    assert normalize_ethnicity_name(name) == code


@pytest.mark.parametrize(
    ("name", "code"), [("崩龙族", "46"), ("崩龙", "46"), ("毛难族", "36"), ("毛难", "36")]
)
def test_normalize_ethnicity_name_legacy_names(name: str, code: str):
    assert normalize_ethnicity_name(name) == code


@pytest.mark.parametrize("name", ["", "族", "火星族", "Han", "01"])
def test_normalize_ethnicity_name_unknown_returns_none(name: str):
    assert normalize_ethnicity_name(name) is None


def test_normalize_ethnicity_name_independent_of_active_language():
    with translation.override("en"):
        assert normalize_ethnicity_name("鄂温克族") == "45"


def test_political_status_has_13_codes():
    assert [code for code, _label in PoliticalStatus.choices] == [f"{n:02d}" for n in range(1, 14)]
    assert PoliticalStatus.CPC_MEMBER.label == "中共党员"
    assert PoliticalStatus.NON_PARTISAN.label == "无党派人士"
    assert PoliticalStatus.MASSES.label == "群众"


def test_education_uses_gb_t_4658_codes():
    assert Education.choices == [
        ("11", "博士研究生"),
        ("14", "硕士研究生"),
        ("21", "大学本科"),
        ("31", "大学专科"),
        ("40", "中专/中技/职高"),
        ("61", "普通高中"),
        ("71", "初中及以下"),
    ]


def test_industry_has_20_sections_a_to_t():
    assert [code for code, _label in Industry.choices] == list("ABCDEFGHIJKLMNOPQRST")
    assert Industry("A").label == "农、林、牧、渔业"
    assert Industry("C").label == "制造业"
    assert Industry("T").label == "国际组织"


def test_skill_level_ladder_is_ordered():
    ladder = [
        SkillLevel.APPRENTICE,
        SkillLevel.JUNIOR,
        SkillLevel.INTERMEDIATE,
        SkillLevel.SENIOR,
        SkillLevel.TECHNICIAN,
        SkillLevel.SENIOR_TECHNICIAN,
        SkillLevel.MASTER_TECHNICIAN,
        SkillLevel.CHIEF_TECHNICIAN,
    ]

    assert ladder == sorted(ladder)
    assert max(SkillLevel.NONE, SkillLevel.SPECIAL, SkillLevel.OTHER) < SkillLevel.APPRENTICE


def test_skill_level_technician_and_above():
    at_least_technician = [level for level in SkillLevel if level >= SkillLevel.TECHNICIAN]

    assert at_least_technician == [
        SkillLevel.TECHNICIAN,
        SkillLevel.SENIOR_TECHNICIAN,
        SkillLevel.MASTER_TECHNICIAN,
        SkillLevel.CHIEF_TECHNICIAN,
    ]


def test_title_level_none_is_not_empty_string():
    assert TitleLevel.NONE.value == "none"


def test_criterion_in_notice_order():
    assert Criterion.values == ["craft", "skill", "leadership", "contribution", "competition"]


def test_non_public_natures():
    assert {"private", "foreign", "hmt"} == NON_PUBLIC_NATURES
    assert EmployerNature.STATE_HOLDING not in NON_PUBLIC_NATURES


def test_notice_competition_thresholds():
    assert NOTICE_COMPETITION_THRESHOLDS == {
        "national_1": 3,
        "provincial_1": 2,
        "provincial_innovation": 1,
    }


@pytest.mark.parametrize(
    ("level", "rank", "expected"),
    [
        (CompetitionLevel.NATIONAL_1, 1, True),
        (CompetitionLevel.NATIONAL_1, 3, True),
        (CompetitionLevel.NATIONAL_1, 4, False),
        (CompetitionLevel.PROVINCIAL_1, 2, True),
        (CompetitionLevel.PROVINCIAL_1, 3, False),
        (CompetitionLevel.PROVINCIAL_INNOVATION, 1, True),
        (CompetitionLevel.PROVINCIAL_INNOVATION, 2, False),
        (CompetitionLevel.NATIONAL_2, 1, False),
        (CompetitionLevel.PROVINCIAL_2, 1, False),
        (CompetitionLevel.CITY, 1, False),
        (CompetitionLevel.ENTERPRISE, 1, False),
        (CompetitionLevel.NATIONAL_1, None, False),
        (CompetitionLevel.NATIONAL_1, 0, False),
        ("national_1", 2, True),
        ("unknown", 1, False),
    ],
)
def test_meets_notice_threshold(level: str, rank: int | None, expected: bool):
    assert meets_notice_threshold(level, rank) is expected
