"""Personal numbers on public pages: ``{{ text|redact_numbers }}`` masks any digit run
that looks like an ID number or a mobile (``longjiang.pii.redact_personal_numbers``).

The services refuse such numbers before a public page can show them; this filter is
the last line for text that reaches a public page by another way (a register row
corrected after its profile was published, a future import)."""

from django import template

from longjiang.pii import redact_personal_numbers

register = template.Library()


@register.filter
def redact_numbers(text) -> str:
    return redact_personal_numbers(str(text or ""))
