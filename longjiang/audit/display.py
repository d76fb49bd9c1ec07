"""Audit events as a person reads them: a label, labelled details, a shortened hash.

``describe`` turns a page of events into rows for the templates. It names the
records events refer to with one query per kind of record (``subjects``), so a
page costs the same number of queries however many events it shows.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from longjiang.audit import events, subjects
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import PUBLIC
from longjiang.dates import show_date, show_datetime

# How many hex digits of a hash a page shows; the full value is one click away.
SHORT_HASH = 12


@dataclass(frozen=True)
class Detail:
    label: str
    text: str
    # A hash's full value, for the copy button; empty for anything else.
    full: str = ""
    url: str = ""


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    label: str
    actor: str
    details: list[Detail]
    sentence: str = ""
    subject: Detail | None = None
    hash: Detail = field(default_factory=lambda: Detail("", ""))


@dataclass
class _Context:
    event: AuditEvent
    names: dict[str, dict[int, str]]


Formatter = Callable[[object, events.Field, _Context], Detail | None]


def _join(items: Iterable[str]) -> str:
    return pgettext("list separator", "、").join(items)


def _join_clauses(items: Iterable[str]) -> str:
    return pgettext("clause separator", "；").join(items)


def short_hash(label: str, value: str) -> Detail:
    return Detail(label, value[:SHORT_HASH], full=value)


def format_date(value: date | str) -> str:
    parsed = parse_date(value) if isinstance(value, str) else value
    return show_date(parsed) if parsed else str(value)


def format_datetime(value: datetime | str) -> str:
    parsed = parse_datetime(value) if isinstance(value, str) else value
    return show_datetime(parsed) if parsed else str(value)


def _choice_labels(source: str) -> Callable[[object], str]:
    """Return a function labelling a value from a model field's choices or a dotted path."""
    parts = source.split(".")
    if len(parts) == 3:
        try:
            model_field = apps.get_model(parts[0], parts[1])._meta.get_field(parts[2])
        except (LookupError, FieldDoesNotExist):
            pass
        else:
            labels = {str(value): label for value, label in model_field.flatchoices}
            return lambda value: str(labels.get(str(value), value))
    found = import_string(source)
    if callable(found):
        return lambda value: str(found(value))
    labels = {}
    for item in found:
        value, label = item if isinstance(item, tuple) else (item.key, item.label)
        labels[str(value)] = label
    return lambda value: str(labels.get(str(value), value))


def _field_labels(source: str) -> Callable[[str], str]:
    """Return a function naming a field of a model ("app.Model") or through a dotted path."""
    if source.count(".") == 1:
        model = apps.get_model(source)

        def label(name: str) -> str:
            try:
                return str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                return name

        return label
    found = import_string(source)

    def label(name: str) -> str:
        try:
            return str(found(name))
        except (FieldDoesNotExist, LookupError, ValueError):
            return name

    return label


def _text(value, spec, ctx):
    return Detail(str(spec.label), str(value))


def _number(value, spec, ctx):
    return Detail(str(spec.label), formats.number_format(value))


def _bool(value, spec, ctx):
    return Detail(str(spec.label), _("是") if value else _("否"))


def _verdict(value, spec, ctx):
    return Detail(str(spec.label), _("符合") if value else _("不符合"))


def _date(value, spec, ctx):
    return Detail(str(spec.label), format_date(value))


def _datetime(value, spec, ctx):
    return Detail(str(spec.label), format_datetime(value))


def _hash(value, spec, ctx):
    return short_hash(str(spec.label), str(value))


def _choice(value, spec, ctx):
    return Detail(str(spec.label), _choice_labels(spec.source)(value))


def _choices(value, spec, ctx):
    label = _choice_labels(spec.source)
    return Detail(str(spec.label), _join(label(item) for item in value))


def _verdicts(value, spec, ctx):
    """Name each check with its verdict and note: [{key, passed, note}]."""
    label = _choice_labels(spec.source)
    parts = []
    for item in value:
        verdict = _("符合") if item.get("passed") else _("不符合")
        text = _("%(check)s：%(verdict)s") % {"check": label(item.get("key")), "verdict": verdict}
        if item.get("note"):
            text += _("（%(note)s）") % {"note": item["note"]}
        parts.append(text)
    return Detail(str(spec.label), _join_clauses(parts))


def _fields(value, spec, ctx):
    label = _field_labels(spec.source)
    return Detail(str(spec.label), _join(label(name) for name in value))


def _list(value, spec, ctx):
    return Detail(str(spec.label), _join(str(item) for item in value))


def _rows(value, spec, ctx):
    """Describe each row (a dict) with the function at the dotted path ``source``."""
    describe = import_string(spec.source)
    return Detail(str(spec.label), "；".join(str(describe(row)) for row in value))


def _count(value, spec, ctx):
    return Detail(str(spec.label), formats.number_format(len(value)))


def _size(value, spec, ctx):
    return Detail(str(spec.label), filesizeformat(value))


def _total(value, spec, ctx):
    try:
        total = sum(Decimal(str(points)) for points in value.values())
    except (InvalidOperation, AttributeError):
        return None
    return Detail(str(spec.label), formats.number_format(total))


def _ref(value, spec, ctx):
    subject = subjects.by_key(spec.key)
    if subject is None:
        return Detail(str(spec.label), str(value))
    return _named(str(spec.label), subject, value, ctx.names)


def _named(label: str, subject: subjects.Subject, pk: int, names) -> Detail:
    """Name a record by its registered name; a deleted record by its number alone."""
    name = names.get(subject.key, {}).get(pk)
    if name is None:
        return Detail(label, _("编号 %(number)s（已删除）") % {"number": pk})
    if subject.numbered:
        name = _("%(name)s（编号 %(number)s）") % {"name": name, "number": pk}
    return Detail(label, name, url=subject.url(pk) if subject.url else "")


def _document(value, spec, ctx):
    # Imported here: the document registry is filled by the stages' ready().
    from longjiang.documents import registry

    try:
        label = registry.get(value).help
    except registry.UnknownDocumentKind:
        label = value
    return Detail(str(spec.label), str(label))


def _value_text(value, label: Callable[[str], object] | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(label(value)) if label else str(value)


def _changes(value, spec, ctx):
    """Name each changed setting with its old and new value: {name: {before, after}}.

    In the model's field order: PostgreSQL's jsonb does not keep a mapping's order.
    """
    model = apps.get_model(spec.source)
    position = {field.name: i for i, field in enumerate(model._meta.get_fields())}
    parts = []
    for name in sorted(value, key=lambda name: (position.get(name, len(position)), name)):
        change = value[name]
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            title, labels = name, None
        else:
            title = model_field.verbose_name
            choices = {str(v): label for v, label in model_field.flatchoices}
            labels = (lambda v, choices=choices: choices.get(str(v), v)) if choices else None
        parts.append(
            _("%(field)s由“%(before)s”改为“%(after)s”")
            % {
                "field": title,
                "before": _value_text(change.get("before"), labels),
                "after": _value_text(change.get("after"), labels),
            }
        )
    return Detail(str(spec.label), _join_clauses(parts))


def _before_after(value, spec, ctx):
    """The same for an event whose data holds ``before`` and ``after`` side by side."""
    before = ctx.event.data.get("before") or {}
    pairs = {
        name: {"before": before.get(name), "after": new}
        for name, new in value.items()
        if before.get(name) != new
    }
    return _changes(pairs, spec, ctx)


FORMATTERS: dict[str, Formatter] = {
    "text": _text,
    "number": _number,
    "bool": _bool,
    "verdict": _verdict,
    "date": _date,
    "datetime": _datetime,
    "hash": _hash,
    "choice": _choice,
    "choices": _choices,
    "verdicts": _verdicts,
    "fields": _fields,
    "list": _list,
    "rows": _rows,
    "count": _count,
    "size": _size,
    "total": _total,
    "ref": _ref,
    "document": _document,
    "changes": _changes,
    "before_after": _before_after,
}


def _state_sentence(event: AuditEvent) -> str:
    """Say which status a workflow event moved its record from and to."""
    # Imported here: the workflow module imports the audit services.
    from longjiang.workflow import tables

    if "from" not in event.data or "to" not in event.data:
        return ""
    for table in tables():
        if event.code in table.events.values() and table.audit_states:
            source, target = event.data["from"], event.data["to"]
            try:
                target_label = table.states(target).label
                source_label = table.states(source).label if source else None
            except ValueError:
                return ""
            if source_label is None:
                return _("状态：%(to)s。") % {"to": target_label}
            return _("状态由“%(from)s”变为“%(to)s”。") % {"from": source_label, "to": target_label}
    return ""


def _actor(event: AuditEvent) -> str:
    if event.actor is not None:
        return str(event.actor)
    if event.data.get("via") == PUBLIC:
        return _("公众（匿名）")
    return _("系统")


def _names(rows: Sequence[AuditEvent], *, with_subject: bool) -> dict[str, dict[int, str]]:
    """Name every record the events refer to: one query per kind of record."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in rows:
        if with_subject and event.subject_type_id is not None:
            subject = subjects.by_model(_model_label(event))
            if subject is not None:
                wanted[subject.key].add(event.subject_id)
        event_type = events.event_type(event.code)
        for spec in event_type.fields if event_type else ():
            value = event.data.get(spec.key)
            if spec.kind == "ref" and isinstance(value, int):
                wanted[spec.key].add(value)
    return {
        key: subjects.by_key(key).names(pks) for key, pks in wanted.items() if subjects.by_key(key)
    }


def _model_label(event: AuditEvent) -> str:
    # ContentType.objects caches by id, so this costs a query per type at most once.
    content_type = ContentType.objects.get_for_id(event.subject_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _subject(event: AuditEvent, names: dict[str, dict[int, str]]) -> Detail | None:
    if event.subject_type_id is None:
        return None
    subject = subjects.by_model(_model_label(event))
    if subject is None:
        model = ContentType.objects.get_for_id(event.subject_type_id).model_class()
        label = model._meta.verbose_name if model else _("记录")
        return Detail(str(label), _("编号 %(number)s") % {"number": event.subject_id})
    return _named(str(subject.label), subject, event.subject_id, names)


def describe(rows: Iterable[AuditEvent], *, with_subject: bool = False) -> list[EventRow]:
    """Return each event with its label, actor and labelled details, for display.

    ``with_subject`` names the record each event is about, for a list of events
    about many records.
    """
    rows = list(rows)
    names = _names(rows, with_subject=with_subject)
    described = []
    for event in rows:
        event_type = events.event_type(event.code)
        ctx = _Context(event=event, names=names)
        details = []
        for spec in event_type.fields if event_type else ():
            value = event.data.get(spec.key)
            if value is None or value in ("", [], {}):
                continue
            detail = FORMATTERS[spec.kind](value, spec, ctx)
            if detail is not None:
                details.append(detail)
        described.append(
            EventRow(
                event=event,
                # A code without an entry still shows, as itself; a test keeps that from happening.
                label=str(event_type.label) if event_type else event.code,
                actor=_actor(event),
                details=details,
                sentence=_state_sentence(event),
                subject=_subject(event, names) if with_subject else None,
                hash=short_hash(_("记录哈希"), event.hash),
            )
        )
    return described
