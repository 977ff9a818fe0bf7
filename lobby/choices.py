"""Choices of coalitions (kind, status, partner role) and of policy dossiers (status, stance)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoalitionKind(models.TextChoices):
    LANDELIJK_PROGRAMMA = "landelijk_programma", _("National programme")
    LOBBYTRAJECT = "lobbytraject", _("Lobby trajectory")
    PROJECT = "project", _("Regional or local project")
    ACTIE = "actie", _("Action")


class CoalitionStatus(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("In preparation")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Completed")
    GESTOPT = "gestopt", _("Stopped")


class PartnerRole(models.TextChoices):
    """A partner's role in a coalition; the order here is the order on the coalition page."""

    TREKKER = "trekker", _("Lead (trekker)")
    PARTNER = "partner", _("Partner")
    MEDEONDERTEKENAAR = "medeondertekenaar", _("Co-signer")


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
