"""Forms of the register of named 龙江工匠: the list's filter and the import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from longjiang.workbooks import validate_xlsx_upload


class RegisterFilterForm(Form):
    q = forms.CharField(label=_("姓名或单位"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("获评年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, y) for y in years)]

    def filters(self) -> dict:
        """Return the selector's keyword arguments from the valid form."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "search": (data.get("q") or "").strip()}


class RegisterImportForm(Form):
    file = forms.FileField(
        label=_("往届龙江工匠名录（.xlsx）"),
        help_text=_("请先下载模板，按模板各列填写后上传。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_xlsx_upload(upload)
        return upload
