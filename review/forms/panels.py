"""Forms of the panels, their members and the placement of candidates."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.forms import Form
from nominations.models import Campaign
from review.models import Expert, IndustryGroup, Panel


class PanelForm(Form):
    name = forms.CharField(label=gettext_lazy("评审组名称"), max_length=50)
    industry_group = forms.ChoiceField(label=gettext_lazy("行业组"), choices=IndustryGroup.choices)


class PanelMemberForm(Form):
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    expert = forms.ModelChoiceField(label=gettext_lazy("专家"), queryset=Expert.objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class MoveForm(Form):
    panel = forms.ModelChoiceField(label=gettext_lazy("调整到"), queryset=Panel.objects.none())
    reason = forms.CharField(label=gettext_lazy("调整理由"), max_length=200)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(campaign=campaign)
