"""`{% load teams %}{% team_start_area %}`: the Team & overleg part of the start page (Mijn overzicht)."""

from typing import Any

from django import template

from werkplaats.teams.selectors import start_area

register = template.Library()


@register.inclusion_tag("teams/includes/start_area.html", takes_context=True)
def team_start_area(context: dict[str, Any]) -> dict[str, Any]:
    return {"area": start_area(user=context["request"].user)}
