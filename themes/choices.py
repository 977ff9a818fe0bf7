from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    """Where SWN stands in its lobby on a dossier, in the usual order of public affairs work."""

    SIGNALEREN = "signaleren", _("Signalling")
    AGENDEREN = "agenderen", _("Agenda-setting")
    BEINVLOEDEN = "beinvloeden", _("Influencing")
    MONITOREN = "monitoren", _("Monitoring")
    AFGEROND = "afgerond", _("Closed")


class Stance(models.TextChoices):
    """A stakeholder's position on a dossier; the order here is the order on the dossier page."""

    STEUNT = "steunt", _("Supports")
    NEUTRAAL = "neutraal", _("Neutral")
    TEGEN = "tegen", _("Opposes")
    ONBEKEND = "onbekend", _("Unknown")
