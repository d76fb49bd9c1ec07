"""``manage.py export`` writing the review's documents, and every registered document
reached both through the command and as a web job."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from longjiang.documents import registry
from longjiang.jobs import services
from longjiang.jobs.models import DocumentJob
from longjiang.uploads import private_path
from publicity.models import ComplainantKind, Objection, Outcome, PublicityResult, Source
from publicity.services.naming import (
    prepare_naming_notice,
    publish_naming_notice,
    update_naming_notice,
)
from publicity.services.notices import prepare_notice, publish_notice
from publicity.workflow import ObjectionStatus
from tests.review.scored import lock_version

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(*args) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue().strip()


def pdf_text(path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def test_review_registers_its_documents_with_the_export_command():
    assert [
        (spec.kind, spec.command, [p.flag for p in spec.params])
        for spec in registry.kinds()
        if spec.kind.startswith("review.")
    ] == [
        ("review.scores", "scores", ["--campaign"]),
        ("review.proposed_list", "proposed-list", ["--campaign"]),
        ("review.locked_list", "locked-list", ["--campaign", "--list-version"]),
    ]


def test_export_scores_writes_the_workbook(scored, tmp_path):
    path = tmp_path / "s.xlsx"

    output = export("scores", "--campaign", "2021", "--out", str(path))

    assert output == f"已写入 {path}（{path.stat().st_size} 字节）"
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "王振华", "刘海涛", "陈思远", "回避"]
    assert [row[1] for row in wb["汇总"].iter_rows(min_row=4, values_only=True)] == [
        "欧阳明辉",
        "李秀英",
        "赵铁柱",
        "孙立强",
    ]


def test_export_proposed_and_locked_lists_write_pdfs(scored, council_user, tmp_path):
    version = lock_version(
        scored.campaign,
        recorded_by=council_user,
        listed=[(scored.candidates["欧阳明辉"], "")],
    )
    proposed, locked = tmp_path / "p.pdf", tmp_path / "l.pdf"

    export("proposed-list", "--campaign", "2021", "--out", str(proposed))
    export("locked-list", "--campaign", "2021", "--list-version", "1", "--out", str(locked))

    assert "建议名单（提交主席办公会议审议）" in pdf_text(proposed)
    assert version.content_hash in pdf_text(locked)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scores", "--campaign", "1999"], "没有1999年度的选树活动。"),
        (["scores", "--campaign", "2021"], "没有符合条件的推荐人选，未生成文件。"),
        (
            ["scores", "--campaign", "2021", "--unit", "230100"],
            "“scores”按全省导出，不能指定 --unit。",
        ),
        (["proposed-list", "--campaign", "2021"], "尚无有效评分，不能生成建议名单。"),
        (["locked-list", "--campaign", "2021"], "导出“locked-list”须指定 --list-version。"),
        (
            ["locked-list", "--campaign", "2021", "--list-version", "3"],
            "2021年度没有第3版锁定名单。",
        ),
        (
            ["summary", "--campaign", "2021", "--list-version", "1"],
            "“summary”不接受参数 --list-version。",
        ),
    ],
)
def test_export_of_a_review_document_refuses_with_a_clear_message(
    campaign, tmp_path, args, message
):
    path = tmp_path / "out.bin"

    with pytest.raises(CommandError) as raised:
        call_command("export", *args, "--out", str(path))

    assert str(raised.value) == message
    assert not path.exists()


# --- Every registered document, both ways ------------------------------------------------

MAGIC = {"application/pdf": b"%PDF-", XLSX: b"PK", "application/zip": b"PK"}


@pytest.fixture
def every_document(scored, council_user, staff_user, settings):
    """Return a value for every parameter a registered kind takes, all of them buildable.

    Publicity's documents need a published notice over the locked list and a decided,
    answered objection, the award's a final list; the staff member handles objections,
    so every kind is theirs.
    """
    nominee = scored.candidates["欧阳明辉"]
    version = lock_version(scored.campaign, recorded_by=council_user, listed=[(nominee, "")])
    notice = prepare_notice(
        scored.campaign, list_version=version, starts_on=timezone.localdate(), actor=staff_user
    )
    publish_notice(notice, actor=staff_user, confirmed=True)
    now = timezone.now()
    Objection.objects.create(
        campaign=scored.campaign,
        notice=notice,
        nomination=nominee,
        receipt_number="YY2021-0001",
        source=Source.CALL,
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="李明",
        complainant_phone="13900001111",
        complainant_address="哈尔滨市南岗区",
        facts="反映其获奖证书存疑。",
        status=ObjectionStatus.DECIDED,
        outcome=Outcome.NOT_TRUE,
        decided_at=now,
        reply_text="经核查，反映的问题不属实。",
        replied_at=now,
    )
    staff_user.handles_objections = True
    staff_user.save(update_fields=["handles_objections"])
    # The award's documents read the final list: the version as the publicity result
    # (written directly: the notice above is still live; test_results records it properly).
    # The certificates' QR codes need the portal's address.
    settings.LONGJIANG_SITE_URL = "https://gj.example.org"
    PublicityResult.objects.create(
        campaign=scored.campaign,
        kind=PublicityResult.Kind.HANDLED,
        final_version=version,
        recorded_by=staff_user,
        recorded_at=now,
    )
    # The naming notice's document is the PDF stored when it was published.
    naming = prepare_naming_notice(scored.campaign, actor=staff_user)
    naming = update_naming_notice(
        naming,
        actor=staff_user,
        title=naming.title,
        doc_number="黑工办发〔2021〕35号",
        issued_on=naming.issued_on,
        body=naming.body,
    )
    publish_naming_notice(naming, actor=staff_user, confirmed=True)
    return {
        "campaign": 2021,
        "unit": "230100",
        "nomination": nominee.pk,
        "version": 1,
        "notice": notice.pk,
        "case": "YY2021-0001",
    }


def test_every_registered_kind_is_written_by_the_export_command(every_document, tmp_path):
    for spec in registry.kinds():
        path = tmp_path / spec.kind
        args = [spec.command, "--out", str(path)]
        for param in spec.params:
            args += [param.flag, str(every_document[param.name])]

        output = export(*args)

        assert output == f"已写入 {path}（{path.stat().st_size} 字节）", spec.kind
        assert path.read_bytes()[:5] in (b"%PDF-", b"PK\x03\x04\x14"), spec.kind


def test_every_registered_kind_is_built_as_a_web_job(
    every_document, staff_user, django_capture_on_commit_callbacks
):
    for spec in registry.kinds():
        params = {p.name: every_document[p.name] for p in spec.params if p.required}
        with django_capture_on_commit_callbacks(execute=True):
            job = services.request_document(spec.kind, params=params, actor=staff_user)
        job.refresh_from_db()

        assert (job.kind, job.status, job.error) == (spec.kind, DocumentJob.Status.DONE, "")
        assert private_path(job.storage_name).read_bytes().startswith(MAGIC[job.content_type]), (
            spec.kind
        )


def test_export_help_lists_every_registered_kind(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("export", "--help")

    help_text = capsys.readouterr().out
    assert exited.value.code == 0
    for spec in registry.kinds():
        assert f"{spec.help} [{spec.kind}]" in help_text
        assert f"  {spec.command}" in help_text
    assert "  locked-list --list-version N：锁定名单（PDF） [review.locked_list]\n" in help_text
