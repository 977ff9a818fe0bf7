"""The channels of a contact moment."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    """How a contact moment happened."""

    TELEFOON = "telefoon", _("Phone call")
    EMAIL = "e-mail", _("E-mail")
    BEZOEK = "bezoek", _("Visit")
    BIJEENKOMST = "bijeenkomst", _("Meeting or event")
    NOTITIE = "notitie", _("Note")


# A note records something about the organisation, not a conversation with it: it does not make
# a relationship warm, so it never counts as "last contact".
NOT_CONTACT_CHANNELS = (ContactChannel.NOTITIE,)
