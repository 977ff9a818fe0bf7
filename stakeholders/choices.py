"""Choices of the directory: kinds of organisation, levels, provinces, membership status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    BRANCHE = "branche", _("Branch or professional association")
    BEDRIJF = "bedrijf", _("Company")
    KENNISINSTITUUT = "kennisinstituut", _("Knowledge or research institute")
    MINISTERIE = "ministerie", _("Ministry")
    GEMEENTE = "gemeente", _("Municipality")
    ZORGAANBIEDER = "zorgaanbieder", _("Health or care provider")
    CLIENTORGANISATIE = "clientorganisatie", _("Client or interest organisation")
    FONDS = "fonds", _("Fund")
    POLITIEK = "politiek", _("Political party or parliament")
    MEDIA = "media", _("Media")
    SOCIAALWERK = "sociaalwerk", _("Social work organisation")
    WIJKTEAM = "wijkteam", _("Neighbourhood team")
    OVERIG = "overig", _("Other")


class Level(models.TextChoices):
    LANDELIJK = "landelijk", _("National")
    REGIONAAL = "regionaal", _("Regional")
    LOKAAL = "lokaal", _("Local")


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Fryslân"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class MembershipStatus(models.TextChoices):
    ASPIRANT = "aspirant", _("Prospective")
    ACTIEF = "actief", _("Active")
    OPGEZEGD = "opgezegd", _("Notice given")
    BEEINDIGD = "beeindigd", _("Ended")


# -- Coalitions (samenwerkingen) -----------------------------------------------------------------
