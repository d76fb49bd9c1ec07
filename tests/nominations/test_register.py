"""The register of earlier years' 龙江工匠: the import report, the repeat-nominee flag, pages."""

import io
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter
from openpyxl import Workbook, load_workbook

from longjiang.audit.models import AuditEvent
from longjiang.pii import blind_index
from nominations.checklist import automatic_checks
from nominations.codes import Sex
from nominations.demo.laureates import sample_register_xlsx
from nominations.models import Craftsman
from nominations.selectors.laureates import repeat_matches
from nominations.services import RepeatNomineeBlocked, submit_nomination
from nominations.services.laureates import RegisterWorkbookError, import_register
from nominations.workflow import Status
from tests.factories import inflated_xlsx
from tests.factories.nominations import valid_id_number

HEADERS = [
    "年度",
    "姓名",
    "工作单位",
    "推荐单位",
    "所属行业",
    "职务/岗位/工种",
    "简要事迹",
    "公民身份号码",
]
ID_A = valid_id_number(date(1975, 4, 2), Sex.MALE, seq=11)
BAD_ID = ID_A[:17] + ("0" if ID_A[17] != "0" else "1")


def xlsx(rows, headers=HEADERS, name="名录.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def outcomes(report):
    return [(row.number, row.outcome, row.messages) for row in report.rows]


@pytest.fixture
def register_file(seeded_units):
    return xlsx(
        [
            [
                2018,
                "王建国",
                "哈尔滨松江精密机械有限公司",
                "哈尔滨市总工会",
                "制造业",
                "车工",
                "",
                ID_A,
            ],
            [2018, "李秀英", "齐齐哈尔龙华电机有限公司", "230200", "C", "", "", ""],
            [2018, "", "某公司", "", "", "", "", ""],
            [2009, "赵磊", "某公司", "", "", "", "", ""],
            [2018, "孙丽", "某公司", "", "", "", "", BAD_ID],
            [2018, "王建国二", "另一公司", "", "", "", "", ID_A],
            [2018, "李秀英", "齐齐哈尔龙华电机有限公司", "", "", "", "", ""],
            [2018, "周明", "某公司", "大庆总工会", "", "", "", ""],
            [2018, "吴静", "某公司", "", "造船业", "", "", ""],
        ]
    )


def test_import_reports_every_row_with_its_reason(register_file, staff_user):
    report = import_register(register_file, actor=staff_user)

    assert outcomes(report) == [
        (2, "imported", []),
        (3, "imported", []),
        (4, "error", ["未填写姓名。"]),
        (5, "error", [f"年度应为2010至{date.today().year}之间的年份。"]),
        (6, "error", ["公民身份号码校验位不正确。"]),
        (7, "error", ["与本文件第2行重复（同一年度、同一公民身份号码），请删除重复的行。"]),
        (8, "error", ["与本文件第3行重复（同一年度、同一姓名和工作单位），请删除重复的行。"]),
        (
            9,
            "error",
            ["推荐单位“大庆总工会”不在系统的推荐单位名单中，请填写单位全称或单位代码。"],
        ),
        (10, "error", ["所属行业“造船业”不是国民经济行业门类的名称或代码（A至T）。"]),
    ]
    assert (report.imported, report.existing, report.failed) == (2, 0, 7)
    wang = Craftsman.objects.get(name="王建国")
    assert (wang.year, wang.unit.code, wang.industry, wang.post, wang.source) == (
        2018,
        "230100",
        "C",
        "车工",
        "imported",
    )
    assert Craftsman.objects.get(name="李秀英").unit.code == "230200"


def test_import_stores_the_id_number_encrypted_and_reports_only_its_mask(register_file, staff_user):
    report = import_register(register_file, actor=staff_user)

    wang = Craftsman.objects.get(name="王建国")
    assert wang.id_number == ID_A
    assert wang.id_number_index == blind_index(ID_A)
    assert wang.id_number_masked == ID_A[:4] + "*" * 10 + ID_A[-4:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM nominations_craftsman WHERE id = %s", [wang.pk])
        stored = cursor.fetchone()[0]
    assert ID_A not in stored
    assert report.rows[0].id_number_masked == wang.id_number_masked
    assert ID_A not in repr(report) and BAD_ID not in repr(report)


def test_import_again_skips_what_is_already_in_the_register(register_file, staff_user):
    import_register(register_file, actor=staff_user)
    register_file.seek(0)

    again = import_register(register_file, actor=staff_user)

    assert outcomes(again)[:2] == [
        (2, "existing", ["名录中已有2018年获评的该人员（公民身份号码相同），已跳过。"]),
        (3, "existing", ["名录中已有2018年获评的该人员（姓名和工作单位相同），已跳过。"]),
    ]
    assert (again.imported, again.existing, again.failed) == (0, 2, 7)
    assert Craftsman.objects.count() == 2


def test_import_is_audited_with_counts_only(register_file, staff_user):
    import_register(register_file, actor=staff_user)

    event = AuditEvent.objects.get(code="register.imported")
    assert event.actor == staff_user
    assert event.data == {"rows": 9, "imported": 2, "existing": 0, "failed": 7}


def test_import_refuses_a_file_that_is_not_xlsx_or_lacks_columns(seeded_units, staff_user):
    with pytest.raises(RegisterWorkbookError) as not_xlsx:
        import_register(SimpleUploadedFile("名录.xls", b"PK"), actor=staff_user)
    with pytest.raises(RegisterWorkbookError) as broken:
        import_register(SimpleUploadedFile("名录.xlsx", b"not a zip"), actor=staff_user)
    with pytest.raises(RegisterWorkbookError) as no_columns:
        import_register(xlsx([["王建国"]], headers=["姓名"]), actor=staff_user)

    assert not_xlsx.value.message == "请上传 .xlsx 格式的 Excel 文件。"
    assert str(broken.value.message) == (
        "无法读取该文件，请使用往届龙江工匠名录模板填写后以 .xlsx 格式上传。"
    )
    assert no_columns.value.message == (
        "第1行缺少以下列：年度、工作单位。请使用往届龙江工匠名录模板。"
    )


UNPACKED_TOO_LARGE = (
    "该文件解压后的内容过大或压缩比异常，无法读取。"
    "请使用往届龙江工匠名录模板填写后以 .xlsx 格式重新上传。"
)
TOO_MANY_LINES = "文件的行数过多（含空行），一次最多导入1000行，请删除多余的行或分批导入。"
ONE_ROW = [[2018, "王建国", "哈尔滨松江精密机械有限公司", "", "", "", "", ""]]


@pytest.mark.parametrize(
    ("padding", "uploaded"),
    [
        (50_000_000, False),  # 50 MB unpacked: over the whole file's limit
        (11 * 1024 * 1024, True),  # over one part's limit, as an upload
        (2 * 1024 * 1024, False),  # small enough, but packed more than 100 times
    ],
)
def test_import_refuses_a_workbook_that_unpacks_into_too_much(
    seeded_units, staff_user, padding, uploaded
):
    content = inflated_xlsx(xlsx(ONE_ROW).read(), padding=padding)
    assert len(content) < 100_000
    file = SimpleUploadedFile("名录.xlsx", content) if uploaded else content

    started = time.monotonic()
    with pytest.raises(RegisterWorkbookError) as refused:
        import_register(file, actor=staff_user)

    assert time.monotonic() - started < 2
    assert str(refused.value.message) == UNPACKED_TOO_LARGE
    assert Craftsman.objects.count() == 0


def test_import_reads_a_workbook_with_a_little_padding(seeded_units, staff_user):
    content = inflated_xlsx(xlsx(ONE_ROW).read(), padding=500_000)

    report = import_register(content, actor=staff_user)

    assert [(row.number, row.outcome) for row in report.rows] == [(2, "imported")]


@pytest.mark.parametrize(("last_row", "refused"), [(2001, False), (2002, True)])
def test_import_counts_empty_rows_towards_the_rows_it_reads(
    seeded_units, staff_user, last_row, refused
):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for column, value in enumerate(ONE_ROW[0], start=1):
        ws.cell(row=last_row, column=column, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)

    if refused:
        with pytest.raises(RegisterWorkbookError, match=TOO_MANY_LINES):
            import_register(buffer.getvalue(), actor=staff_user)
    else:
        report = import_register(buffer.getvalue(), actor=staff_user)
        assert [(row.number, row.outcome) for row in report.rows] == [(last_row, "imported")]


# --- The repeat-nominee flag ---------------------------------------------------------


def craftsman(**fields) -> Craftsman:
    id_number = fields.pop("id_number", "")
    return Craftsman.objects.create(
        year=fields.pop("year", 2018),
        source=fields.pop("source", Craftsman.Source.IMPORTED),
        id_number=id_number,
        id_number_index=blind_index(id_number) if id_number else None,
        id_number_masked="",
        **fields,
    )


def test_repeat_by_id_number_is_certain(make_nomination):
    nomination = make_nomination()
    craftsman(name="别名", employer_name="别的单位", id_number=nomination.id_number)

    matches = repeat_matches(nomination)

    assert [(m.year, m.certain, m.message) for m in matches] == [
        (2018, True, "该人员已于2018年获评“龙江工匠”。")
    ]
    results = {r.key: (r.passed, r.detail) for r in automatic_checks(nomination)}
    assert results["repeat"] == (False, "该人员已于2018年获评“龙江工匠”。")


def test_repeat_by_name_and_employer_is_possible_only_without_a_number(make_nomination):
    nomination = make_nomination()
    craftsman(name=nomination.name, employer_name=nomination.employer_name)
    craftsman(
        name=nomination.name, employer_name=nomination.employer_name, id_number=ID_A, year=2016
    )

    matches = repeat_matches(nomination)

    assert [(m.year, m.certain) for m in matches] == [(2018, False)]
    assert matches[0].message == (
        "往届龙江工匠名录中有2018年获评的同名人员，工作单位相同（名录未登记公民身份号码），"
        "请核实是否为同一人。"
    )


def test_own_register_row_and_later_years_do_not_flag(make_nomination):
    nomination = make_nomination(status=Status.ELIGIBLE)
    craftsman(
        name=nomination.name,
        employer_name=nomination.employer_name,
        id_number=nomination.id_number,
        year=nomination.campaign.year,
        source=Craftsman.Source.PORTAL,
        nomination=nomination,
    )
    craftsman(name=nomination.name, employer_name=nomination.employer_name, year=2030)

    assert repeat_matches(nomination) == []


def test_blocking_campaign_refuses_a_certain_repeat_at_submission(make_nomination, campaign):
    campaign.repeat_nominee_blocks = True
    campaign.save()
    nomination = make_nomination()
    craftsman(name="别名", employer_name="别的单位", id_number=nomination.id_number)

    with pytest.raises(RepeatNomineeBlocked) as refused:
        submit_nomination(nomination, actor=nomination.created_by)

    assert refused.value.message == (
        "该人员已于2018年获评“龙江工匠”。本年度活动规定往届已获评人员不得再次推荐，不能提交。"
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


def test_blocking_campaign_lets_a_possible_repeat_through(make_nomination, campaign):
    campaign.repeat_nominee_blocks = True
    campaign.save()
    nomination = make_nomination()
    craftsman(name=nomination.name, employer_name=nomination.employer_name)

    submitted = submit_nomination(nomination, actor=nomination.created_by)

    assert submitted.status == Status.SUBMITTED


def test_not_blocking_campaign_submits_and_flags(make_nomination, clerk_client, staff_client):
    nomination = make_nomination()
    craftsman(name="别名", employer_name="别的单位", id_number=nomination.id_number)

    submitted = submit_nomination(nomination, actor=nomination.created_by)

    assert submitted.status == Status.SUBMITTED
    assert submitted.warning_count == 1
    detail = clerk_client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert "该人员已于2018年获评“龙江工匠”。" in detail
    assert "本年度活动未禁止再次推荐，省总工会初审时将看到此提示。" in detail
    check = staff_client.get(reverse("nominations:check", args=[nomination.pk])).content.decode()
    assert "该人员已于2018年获评“龙江工匠”。" in check
    queue = staff_client.get(reverse("nominations:check_queue")).content.decode()
    assert "往届已获评</span>" in queue


def test_blocked_submission_from_the_detail_page_says_why(make_nomination, campaign, clerk_client):
    campaign.repeat_nominee_blocks = True
    campaign.save()
    nomination = make_nomination()
    craftsman(name="别名", employer_name="别的单位", id_number=nomination.id_number)

    response = clerk_client.post(reverse("nominations:submit", args=[nomination.pk]), follow=True)

    page = response.content.decode()
    assert "本年度活动规定往届已获评人员不得再次推荐，不能提交。" in page
    assert "本年度活动规定往届已获评人员不得再次推荐，该推荐不能提交。" in page


# --- Pages -------------------------------------------------------------------------


def test_register_page_lists_masked_numbers_and_filters(register_file, staff_user, staff_client):
    import_register(register_file, actor=staff_user)
    craftsman(name="陈晓东", employer_name="鸡西某公司", year=2016)

    page = staff_client.get(reverse("nominations:register"), {"year": 2018}).content.decode()
    searched = staff_client.get(reverse("nominations:register"), {"q": "鸡西"}).content.decode()

    assert "王建国" in page and "李秀英" in page and "陈晓东" not in page
    assert ID_A[:4] + "*" * 10 + ID_A[-4:] in page and ID_A not in page
    assert "陈晓东" in searched and "王建国" not in searched


def test_register_page_query_count_does_not_grow_with_rows(
    seeded_units, staff_user, staff_client, django_assert_max_num_queries
):
    for index in range(3):
        craftsman(name=f"甲{index}", employer_name="某公司")
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("nominations:register"))
    for index in range(30):
        craftsman(name=f"乙{index}", employer_name="某公司", year=2017)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("nominations:register"))


def test_import_page_shows_the_report(register_file, staff_client):
    response = staff_client.post(reverse("nominations:register_import"), {"file": register_file})

    page = response.content.decode()
    assert "导入完成：导入2人，已存在跳过0人，有错误7行。" in page
    assert "公民身份号码校验位不正确。" in page
    assert BAD_ID not in page and ID_A not in page


def test_template_download_has_the_columns(seeded_units, staff_client):
    response = staff_client.get(reverse("nominations:register_template"))

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows())] == HEADERS


def test_sample_register_imports_with_one_refused_row(seeded_units, staff_user):
    report = import_register(sample_register_xlsx(), actor=staff_user)

    assert (report.imported, report.existing, report.failed) == (12, 0, 1)
    assert report.rows[-1].messages == ["公民身份号码校验位不正确。"]


def test_check_queue_warnings_include_a_repeat_found_after_submission(
    make_nomination, staff_client
):
    nomination = make_nomination(status=Status.SUBMITTED)
    assert nomination.warning_count == 0
    craftsman(name="别名", employer_name="别的单位", id_number=nomination.id_number)

    page = staff_client.get(reverse("nominations:check_queue"), {"warnings": "on"})

    assert nomination.name in page.content.decode()


# --- Personal numbers --------------------------------------------------------------------


def test_import_refuses_personal_numbers_in_the_post_and_the_employer(seeded_units, staff_user):
    file = xlsx(
        [
            [2018, "王建国", "某公司", "", "", "钳工 13912345678", "", ""],
            [2018, "李秀英", f"某公司（{ID_A}）", "", "", "", "", ""],
            [2018, "赵磊", "某公司", "", "", "钳工", "", ""],
        ]
    )

    report = import_register(file, actor=staff_user)

    assert outcomes(report) == [
        (2, "error", ["职务/岗位/工种不得包含身份证号码或手机号码。"]),
        (3, "error", ["工作单位不得包含身份证号码或手机号码。"]),
        (4, "imported", []),
    ]
    assert list(Craftsman.objects.values_list("name", flat=True)) == ["赵磊"]


def test_error_reports_show_no_local_of_the_import(seeded_units, staff_user, rf):
    rows = [[2018, f"人员{n}", "某公司", "", "", "", "", ID_A] for n in range(1001)]
    with pytest.raises(RegisterWorkbookError) as refused:
        import_register(xlsx(rows), actor=staff_user)

    request = rf.post("/nominations/register/import/")
    shown = {}
    traceback = refused.value.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_name in {"import_register", "read_rows"}:
            variables = SafeExceptionReporterFilter().get_traceback_frame_variables(request, frame)
            shown[frame.f_code.co_name] = dict(variables)
        traceback = traceback.tb_next

    assert set(shown) == {"import_register", "read_rows"}
    # The rows read so far hold the ID number; every local is hidden.
    for variables in shown.values():
        assert ID_A not in repr(variables)
        assert set(variables.values()) == {"********************"}
