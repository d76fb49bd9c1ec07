"""Amounts of money in templates: ``{{ total|yuan }}`` (25,000) and ``{{ total|capital }}``
(贰万伍仟元整), through ``longjiang.money``."""

from django import template

from longjiang.money import chinese_capital_amount, format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    return format_yuan(amount)


@register.filter
def capital(amount) -> str:
    return chinese_capital_amount(amount)
