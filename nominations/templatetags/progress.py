"""The unit's view of where a nomination stands: its status, or the later stage it reached."""

from django import template
from django.utils.html import format_html

from nominations.selectors import progress_of

register = template.Library()


@register.simple_tag
def progress_badge(nomination) -> str:
    """Render the nomination's progress as a badge (``nomination_list`` annotates it)."""
    label, badge = progress_of(nomination)
    return format_html('<span class="badge {}">{}</span>', badge, label)
