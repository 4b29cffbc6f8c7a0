from django import template
from django.utils.html import format_html_join

from trygg.core import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panels(context: template.Context, page: str, obj: object = None) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return format_html_join("\n", "{}", ((html,) for html in panels.render_panels(page, request, obj)))
