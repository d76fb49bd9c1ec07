"""The staff's audit search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.audit import events
from longjiang.audit.selectors import EventFilter
from longjiang.forms import Form


def _code_choices() -> list:
    return [("", _("全部事件"))] + [
        (group.label, [(t.code, t.label) for t in types]) for group, types in events.groups()
    ]


class EventSearchForm(Form):
    """Every criterion is optional; an empty form lists the whole trail."""

    code = forms.ChoiceField(label=_("事件"), required=False, choices=_code_choices)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(
        label=_("操作人"),
        required=False,
        max_length=50,
        help_text=_("账号或姓名"),
    )
    nomination = forms.IntegerField(
        label=_("推荐人选编号"),
        required=False,
        min_value=1,
        max_value=2**62,
        help_text=_("推荐人选详情页地址中的编号，不是公民身份号码"),
        error_messages={
            "invalid": _("推荐人选编号应为正整数。"),
            "min_value": _("推荐人选编号应为正整数。"),
            "max_value": _("没有这个编号的推荐人选。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name == "code" else "form-control form-control-sm"
            field.widget.attrs["class"] = css
            described = [f"id_{name}-help"] if field.help_text else []
            # Validating here lets the widgets carry their errors' ids; Django caches the result.
            if self.is_bound and name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["class"] += " is-invalid"
                described.append(f"id_{name}-error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return cleaned

    def criteria(self) -> EventFilter:
        data = self.cleaned_data
        return EventFilter(
            code=data["code"],
            since=data["since"],
            until=data["until"],
            actor=data["actor"].strip(),
            nomination=data["nomination"],
        )
