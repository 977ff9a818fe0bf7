"""`{{ value|link:"app:view" }}`: the URL of a one-argument view, for links printed once per row.

Same result as `{% url "app:view" value %}`, from one reverse() per view (core.reversing).
"""

from django import template

from core.reversing import reverse_one

register = template.Library()


@register.filter
def link(value, viewname):
    return reverse_one(viewname, value)
