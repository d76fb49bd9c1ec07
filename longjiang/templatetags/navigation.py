"""Navigation links that say which page is the current one."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, css_class: str = "nav-link"):
    """Render a navigation link, marked ``aria-current="page"`` on the page it names."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == url_name:
        return format_html(
            '<a class="{} active" aria-current="page" href="{}">{}</a>',
            css_class,
            reverse(url_name),
            label,
        )
    return format_html('<a class="{}" href="{}">{}</a>', css_class, reverse(url_name), label)
