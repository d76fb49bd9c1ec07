"""Staff's forms for the naming notice: the draft and the confirmation to publish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from nominations.validators import validate_printable


class NamingForm(Form):
    """The draft: title, 文号, 成文日期 and the text, as the PDF prints them."""

    # Printed in the PDF: a character no font of the chain has is refused here.
    text_validator = staticmethod(validate_printable)

    title = forms.CharField(label=_("标题"), max_length=100)
    doc_number = forms.CharField(
        label=_("文号"),
        max_length=50,
        required=False,
        help_text=_("如：黑工办发〔2021〕XX号。发布前必须填写。"),
    )
    issued_on = forms.DateField(
        label=_("成文日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    body = forms.CharField(
        label=_("正文"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "每行一段。第一行为主送机关（如“各市（地）总工会，各产业工会：”），顶格排印；"
            "以“附件：”开头的一行为附件说明。名单作为附件附在正文之后，无需写入正文。"
        ),
    )


class NamingPublishForm(Form):
    confirmed = forms.BooleanField(
        label=_("我已核对标题、文号、成文日期、正文和命名名单，确认发布。发布后不能修改或撤回。"),
        required=True,
        error_messages={"required": _("请勾选确认后再发布。")},
    )
