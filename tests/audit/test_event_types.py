"""Every audit event the code writes has a label and readable details.

The codes are collected from the source itself: the first argument of every
``record_event`` / ``record_events`` / ``record_public_event`` call (a string, or a conditional
between two strings) and the event codes of every registered workflow table.
A call whose code is neither fails the test, so a new event cannot slip past
the registry in ``longjiang/audit/events.py``.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from longjiang.audit import events, subjects
from longjiang.audit.display import FORMATTERS, _choice_labels, _field_labels
from longjiang.workflow import tables

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("longjiang", "nominations", "review", "publicity")
WRITERS = {"record_event", "record_events", "record_public_event"}
# Calls that pass a code through rather than naming one; their callers are collected.
PASS_THROUGH = {
    ("longjiang/audit/services.py", "code"),
    ("longjiang/workflow.py", "table.events[action]"),
}


def _literal_codes(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body), _literal_codes(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def written_codes() -> tuple[dict[str, list[str]], list[str]]:
    """Return {code: [where]} for every code written in the source, and the unreadable calls."""
    found: dict[str, list[str]] = {}
    unreadable = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(), relative)):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in WRITERS:
                    continue
                codes = _literal_codes(node.args[0])
                if codes is None:
                    if (relative, ast.unparse(node.args[0])) not in PASS_THROUGH:
                        unreadable.append(f"{relative}:{node.lineno}")
                    continue
                for code in codes:
                    found.setdefault(code, []).append(f"{relative}:{node.lineno}")
    for table in tables():
        for code in table.events.values():
            found.setdefault(code, []).append(f"workflow {table.name}")
    return found, unreadable


def test_the_collector_finds_direct_conditional_and_workflow_codes():
    found, _unreadable = written_codes()

    assert "nomination.created" in found  # a literal
    assert {"campaign.created", "campaign.updated"} <= set(found)  # a conditional
    assert "check.returned" in found  # a workflow table's event


def test_every_event_code_is_named_by_a_literal():
    _found, unreadable = written_codes()

    assert unreadable == [], "name the event code with a string literal at these calls"


def test_every_written_event_code_has_a_label():
    found, _unreadable = written_codes()

    missing = {code: where for code, where in found.items() if events.event_type(code) is None}

    assert missing == {}, "add these codes to longjiang/audit/events.py"


def test_every_registered_code_is_written_somewhere():
    found, _unreadable = written_codes()

    stale = [t.code for t in events.event_types() if t.code not in found]

    assert stale == []


def test_every_event_type_is_in_a_group():
    prefixes = {group.prefix for group in events.GROUPS}

    assert [t.code for t in events.event_types() if t.group not in prefixes] == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_label_is_translated(language):
    with translation.override(language):
        labels = [str(t.label) for t in events.event_types()]
        field_labels = [str(f.label) for t in events.event_types() for f in t.fields]

    has_han = [
        label for label in labels + field_labels if any("\u4e00" <= c <= "\u9fff" for c in label)
    ]
    if language == "en":
        assert has_han == []
    else:
        assert len(has_han) == len(labels) + len(field_labels)


@pytest.mark.django_db
def test_every_field_names_a_formatter_and_a_source_that_resolves():
    for event_type in events.event_types():
        for spec in event_type.fields:
            assert spec.kind in FORMATTERS, (event_type.code, spec.key)
            if spec.kind in ("choice", "choices", "verdicts"):
                assert callable(_choice_labels(spec.source))
            if spec.kind == "fields":
                assert callable(_field_labels(spec.source))
            if spec.kind in ("changes", "before_after"):
                assert apps.get_model(spec.source)
            if spec.kind == "ref":
                assert subjects.by_key(spec.key) is not None, (event_type.code, spec.key)
