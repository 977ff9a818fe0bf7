"""Reads of meetings shared by several pages."""

from django.db.models import Q

from meetings.models import Meeting


def theme_meetings(theme):
    """The not-cancelled meetings that belong to `theme` (a Theme, a pk or an OuterRef).

    A meeting belongs to a theme through its overleg's themes; a meeting on its own (a visit, a
    lunch) belongs to the themes of the organisations at the table. May hold duplicates: use
    `.distinct()` or count distinct.
    """
    return Meeting.objects.not_cancelled().filter(
        Q(overleg__themes=theme) | Q(overleg__isnull=True, organisations__themes=theme)
    )
