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
