from django import template

from relations.choices import ContactChannel

register = template.Library()


@register.filter
def channel_label(value):
    """The readable name of a contact channel stored as its value (e.g. an annotated `last_moment_channel`)."""
    try:
        return ContactChannel(value).label
    except ValueError:
        return value
