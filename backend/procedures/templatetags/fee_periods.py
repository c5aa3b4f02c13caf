from __future__ import annotations

from django import template

from procedures.selectors import fee_period_warnings

register = template.Library()


@register.simple_tag
def fee_period_ending_warnings() -> list[str]:
    """For the admin index: reduced fees that stop applying within FEE_PERIOD_WARNING_DAYS."""
    return fee_period_warnings()
