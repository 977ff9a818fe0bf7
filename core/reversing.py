"""`reverse()` for the links a page prints by the dozen: one real reverse per view and script prefix.

A list of 50 organisations prints a link to each, its themes and its meetings; `reverse()` walks
the URL resolver every time. For a view whose URL takes one argument (a pk or a slug, both
printed as they are), the URL is the same pattern with another value in it, so it is reversed
once with a placeholder and the value is put in its place after that.
"""

from django.urls import get_script_prefix, reverse

PLACEHOLDER = "4081526370"
_patterns = {}


def reverse_one(viewname, value):
    """`reverse(viewname, args=[value])` for a URL with one int or slug argument."""
    key = (viewname, get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(viewname, args=[PLACEHOLDER])
    return pattern.replace(PLACEHOLDER, str(value), 1)
