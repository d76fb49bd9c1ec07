"""``manage.py export`` over the document registry, with test kinds registered here.

The real documents are written by the command in tests/nominations/test_exports.py
and tests/review/test_export_command.py.
"""

import io
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from longjiang.documents import registry
from longjiang.documents.export import PDF, Export
from longjiang.documents.registry import Param

CONTENT = b"%PDF-1.4 test"
SCOPE = Param("scope", str, "--scope", metavar="CODE")
SERIAL = Param("serial", int, "--serial", metavar="N")


def _build(params, *, user, progress):
    assert (user, progress) == (None, None)
    warnings = tuple(f"第{n}条记录无法打印" for n in range(1, params.get("serial", 0) + 1))
    return Export(CONTENT + repr(sorted(params.items())).encode(), "t.pdf", PDF, warnings)


@pytest.fixture
def test_kinds():
    """Register a document at two scopes (with and without --scope) and one more."""
    names = ("test.all", "test.scope", "test.serial")
    common = {"title": str, "build": _build, "allowed": lambda user, params: True}
    registry.register("test.all", command="tally", help="全部统计", **common)
    registry.register(
        "test.scope", command="tally", help="一个范围的统计", params=[SCOPE], **common
    )
    registry.register(
        "test.serial",
        command="serial",
        help="编号清单",
        params=[SERIAL, replace(SCOPE, required=False)],
        **common,
    )
    yield
    for name in names:
        registry.unregister(name)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_picks_the_kind_by_the_options_given(test_kinds, tmp_path):
    everything, one_scope = tmp_path / "a.pdf", tmp_path / "b.pdf"

    run("tally", "--out", str(everything))
    run("tally", "--scope", "X1", "--out", str(one_scope))

    assert everything.read_bytes() == CONTENT + b"[]"
    assert one_scope.read_bytes() == CONTENT + b"[('scope', 'X1')]"


def test_export_prints_each_warning_to_stderr_and_still_writes(test_kinds, tmp_path):
    path = tmp_path / "s.pdf"

    out, err = run("serial", "--serial", "2", "--out", str(path))

    assert err == "第1条记录无法打印\n第2条记录无法打印\n"
    assert out == f"已写入 {path}（{path.stat().st_size} 字节）\n"
    assert path.read_bytes() == CONTENT + b"[('serial', 2)]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tally", "--serial", "1"], "“tally”不接受参数 --serial。"),
        (["serial", "--scope", "X1"], "导出“serial”须指定 --serial。"),
        (["serial", "--serial", "abc"], "Error: argument --serial: invalid int value: 'abc'"),
        (["serial", "--serial", str(2**40)], "生成文件所需的参数不完整或有误。"),
    ],
)
def test_export_refuses_options_the_document_does_not_take(test_kinds, tmp_path, args, message):
    path = tmp_path / "x.pdf"

    with pytest.raises(CommandError) as raised:
        run(*args, "--out", str(path))

    assert str(raised.value) == message
    assert not path.exists()


def test_export_refuses_a_missing_output_folder(test_kinds, tmp_path):
    with pytest.raises(CommandError) as raised:
        run("tally", "--out", str(tmp_path / "nowhere" / "x.pdf"))

    assert str(raised.value) == f"输出目录不存在：{tmp_path / 'nowhere'}"


def test_register_refuses_two_kinds_one_command_cannot_tell_apart(test_kinds):
    with pytest.raises(ValueError, match="take the same options"):
        registry.register(
            "test.again",
            command="tally",
            help="",
            params=[Param("scope", str, "--scope", required=False)],
            title=str,
            build=_build,
            allowed=lambda user, params: True,
        )
    assert "test.again" not in {spec.kind for spec in registry.kinds()}
