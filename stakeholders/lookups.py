"""Import lookups of the directory: themes, colleagues and organisations by their readable keys."""

import re

from django.utils.translation import gettext as _

from core.dataexchange import ChoiceWidget, Lookups, LookupWidget
from stakeholders.choices import OrganisationKind
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.models import Theme


class ThemeWidget(LookupWidget):
    lookup = "themes"

    @property
    def unknown_message(self):
        return _("Unknown theme “%(value)s”; use the short name (slug) of a theme, e.g. armoede-schulden.")

    def key(self, theme, resource=None):
        return theme.slug


class UserWidget(LookupWidget):
    lookup = "users"

    @property
    def unknown_message(self):
        return _("Unknown colleague “%(value)s”; use the user name, e.g. nienke.")

    def key(self, user, resource=None):
        return user.username


class OrganisationWidget(LookupWidget):
    """An organisation by name, or "name [kind]" where two organisations have the same name."""

    lookup = "organisations"

    @property
    def unknown_message(self):
        return _("Unknown organisation “%(value)s”.")

    def resolve(self, text, resource, row):
        return resource.lookups.organisation(text)

    def key(self, organisation, resource=None):
        ambiguous = resource.lookups.ambiguous_organisation_names() if resource else set()
        if organisation.name.casefold() in ambiguous:
            return f"{organisation.name} [{organisation.get_kind_display()}]"
        return organisation.name


class DirectoryLookups(Lookups):
    """Themes, colleagues and organisations by their readable keys, each loaded with one query on first use."""

    def themes(self):
        def build():
            table = {}
            for theme in Theme.objects.all():
                table[theme.slug.casefold()] = theme
                table.setdefault(theme.name.casefold(), theme)
            return table

        return self._cached("themes", build)

    def users(self):
        return self._cached("users", lambda: {user.username.casefold(): user for user in User.objects.all()})

    def organisation_list(self):
        return self._cached("organisations", lambda: list(Organisation.objects.select_related("membership")))

    def ambiguous_organisation_names(self):
        def build():
            seen, ambiguous = set(), set()
            for organisation in self.organisation_list():
                name = organisation.name.casefold()
                (ambiguous if name in seen else seen).add(name)
            return ambiguous

        return self._cached("ambiguous", build)

    def organisations_by_name(self):
        def build():
            table = {}
            for organisation in self.organisation_list():
                table.setdefault(organisation.name.casefold(), []).append(organisation)
            return table

        return self._cached("by_name", build)

    def organisation(self, text, kind=None):
        """The organisation called `text` ("Name" or "Name [kind]"); ValueError when unknown or ambiguous."""
        match = re.fullmatch(r"(.*?)\s*\[([^\]]+)\]", text.strip())
        name = text.strip()
        if match:
            name, kind_text = match.group(1), match.group(2)
            kind = ChoiceWidget(OrganisationKind.choices).parse(kind_text) or kind_text
        candidates = self.organisations_by_name().get(name.casefold(), [])
        if kind:
            candidates = [organisation for organisation in candidates if organisation.kind == kind]
        if not candidates:
            raise ValueError(_("Unknown organisation “%(value)s”.") % {"value": text})
        if len(candidates) > 1:
            raise ValueError(
                _("There are several organisations called “%(value)s”; add the kind, e.g. “%(value)s [Gemeente]”.")
                % {"value": text}
            )
        return candidates[0]
