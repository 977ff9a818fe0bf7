"""Choices of overleggen and meetings: kinds, rhythms, attendance roles and statuses, decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverlegKind(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("Administrative consultation (bestuurlijk overleg)")
    AMBTELIJK = "ambtelijk", _("Civil-service consultation (ambtelijk overleg)")
    WERKGROEP = "werkgroep", _("Working group")
    STUURGROEP = "stuurgroep", _("Steering group")
    NETWERK = "netwerk", _("Network")
    KLANKBORDGROEP = "klankbordgroep", _("Sounding board")
    LEDENCOMMISSIE = "ledencommissie", _("Member committee")
    PLATFORM = "platform", _("Platform")
    OVERIG = "overig", _("Other")


class MeetingStatus(models.TextChoices):
    GEPLAND = "gepland", _("Planned")
    GEANNULEERD = "geannuleerd", _("Cancelled")
    GEHOUDEN = "gehouden", _("Held")


class AttendanceRole(models.TextChoices):
    VOORZITTER = "voorzitter", _("Chair")
    DEELNEMER = "deelnemer", _("Delegate")
    VERVANGER = "vervanger", _("Stand-in")
    TOEHOORDER = "toehoorder", _("Listener")


class AttendanceStatus(models.TextChoices):
    UITGENODIGD = "uitgenodigd", _("Invited")
    BEVESTIGD = "bevestigd", _("Confirmed")
    AFGEMELD = "afgemeld", _("Declined")
    AANWEZIG = "aanwezig", _("Attended")


class RhythmFrequency(models.TextChoices):
    """How often an overleg meets, as offered in the overleg form (turned into an RRULE)."""

    NONE = "", _("No fixed rhythm")
    WEEKLY = "weekly", _("Every week, or every few weeks")
    MONTHLY = "monthly", _("Every month, or every few months, on a set weekday")
    CUSTOM = "custom", _("Keep the current rhythm (set in the admin)")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("1st")
    SECOND = 2, _("2nd")
    THIRD = 3, _("3rd")
    FOURTH = 4, _("4th")
    LAST = -1, _("last")


class ReviewDecision(models.TextChoices):
    """What the yearly value review decides about an overleg."""

    DOORGAAN = "doorgaan", _("Continue")
    AFSCHALEN = "afschalen", _("Scale down (fewer people or less often)")
    OVERDRAGEN = "overdragen", _("Hand over to a member")
    STOPPEN = "stoppen", _("Stop")


ADDED_VALUE_CHOICES = [
    (1, _("1 – hardly any")),
    (2, _("2 – little")),
    (3, _("3 – some")),
    (4, _("4 – much")),
    (5, _("5 – very much")),
]
