"""Free-text search: every word typed must match somewhere, case-insensitively."""

from django.db.models import Q

MAX_SEARCH_TERMS = 8


def search_terms(text):
    """The words of a free-text query, at most MAX_SEARCH_TERMS of them."""
    return (text or "").split()[:MAX_SEARCH_TERMS]


def matches_all_terms(text, term_to_q):
    """A Q where every word of `text` matches: the AND over the words of `term_to_q(word)`."""
    condition = Q()
    for term in search_terms(text):
        condition &= term_to_q(term)
    return condition


def any_field_contains(fields, term):
    """A Q for `term` appearing (case-insensitively) in any of `fields`."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return condition
