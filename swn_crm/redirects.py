"""Old addresses people may have bookmarked, and where they live now (301, query string kept).

Paths and query parameters went to one English vocabulary (`new/`, `<pk>/edit/`, `import/`...,
`?layout=colleague`); Dutch domain words with no English equivalent (`overleggen`) stayed.
Tested in tests/core/test_redirects.py, which walks every row.
"""

from core.redirects import LegacyQueryMiddleware as BaseLegacyQueryMiddleware
from core.redirects import legacy_paths

# Old query parameter -> new one, on every page.
PARAMETERS = {
    "weergave": "layout",  # the week page: per day or per colleague
    "collega": "colleague",
    "thema": "theme",
    "soort": "kind",
    "mijn": "mine",
    "formaat": "format",  # export downloads
    "van": "start",  # the theme network's period
    "tot": "end",
}
# (new parameter, old value) -> new value.
VALUES = {("layout", "collega"): "colleague"}

# (old route, new URL name[, path arguments that moved into the query string]).
PATHS = [
    # overview
    ("stakeholders/exporteren/", "overview:organisation_export"),
    ("stakeholders/<int:pk>/geschiedenis/", "overview:organisation_history"),
    ("members/exporteren/", "overview:member_export"),
    ("contacts/exporteren/", "overview:contact_export"),
    ("themes/<slug:slug>/netwerk/", "overview:theme_network"),
    ("rapporten/", "overview:report_index"),
    ("rapporten/relaties/", "overview:report_relationships"),
    ("rapporten/belasting/", "overview:report_staff_load"),
    ("account/agendalink/nieuw/", "overview:calendar_token_renew"),
    ("account/agendalink/intrekken/", "overview:calendar_token_revoke"),
    # stakeholders (the directory's own pages)
    ("stakeholders/importeren/", "stakeholders:organisation_import"),
    ("contacts/importeren/", "stakeholders:contact_import"),
    ("contacts/bewaartermijn/", "stakeholders:retention_report"),
    ("contacts/<int:pk>/privacy/", "stakeholders:contact_privacy"),
    ("contacts/<int:pk>/privacy/vlaggen/", "stakeholders:contact_privacy_flags"),
    ("contacts/<int:pk>/privacy/export/", "stakeholders:contact_data_export"),
    ("contacts/<int:pk>/privacy/wissen/", "stakeholders:contact_erase"),
    # meetings
    ("week/kies/", "meetings:week_pick"),
    ("overleggen/exporteren/", "meetings:overleg_export"),
    ("overleggen/importeren/", "meetings:overleg_import"),
    ("overleggen/nieuw/", "meetings:overleg_create"),
    ("overleggen/<int:pk>/bewerken/", "meetings:overleg_update"),
    ("overleggen/<int:pk>/beoordelen/", "meetings:review_create"),
    ("overleggen/<int:pk>/geschiedenis/", "meetings:overleg_history"),
    ("meetings/exporteren/", "meetings:meeting_export"),
    ("meetings/importeren/", "meetings:meeting_import"),
    ("meetings/nieuw/", "meetings:meeting_create"),
    ("meetings/<int:pk>/bewerken/", "meetings:meeting_update"),
    ("meetings/<int:pk>/geschiedenis/", "meetings:meeting_history"),
    ("meetings/<int:pk>/annuleren/", "meetings:meeting_cancel"),
    ("meetings/<int:pk>/uitkomst/", "meetings:meeting_outcome"),
    ("meetings/<int:pk>/aanwezigheid/", "meetings:attendance_respond"),
    # relations
    ("stakeholders/<int:pk>/contactmomenten/nieuw/", "relations:contact_moment_create", {"pk": "organisation"}),
    ("contactmomenten/<int:pk>/bewerken/", "relations:contact_moment_update"),
    ("contactmomenten/<int:pk>/verwijderen/", "relations:contact_moment_delete"),
    ("meetings/<int:pk>/contactmomenten/", "relations:meeting_contact_moments"),
    ("acties/", "relations:my_actions"),
    ("acties/<int:pk>/klaar/", "relations:follow_up_done"),
    ("acties/<int:pk>/heropenen/", "relations:follow_up_reopen"),
    # lobby
    ("coalitions/nieuw/", "lobby:coalition_create"),
    ("coalitions/<int:pk>/bewerken/", "lobby:coalition_update"),
    ("coalitions/<int:pk>/verklaringen/nieuw/", "lobby:statement_create"),
    ("coalitions/verklaringen/<int:pk>/bewerken/", "lobby:statement_update"),
    ("dossiers/nieuw/", "lobby:dossier_create"),
    ("dossiers/<int:pk>/bewerken/", "lobby:dossier_update"),
    ("dossiers/<int:pk>/standpunt/", "lobby:position_create"),
]

urlpatterns = legacy_paths(PATHS, parameters=PARAMETERS, values=VALUES)


class LegacyQueryMiddleware(BaseLegacyQueryMiddleware):
    parameters = PARAMETERS
    values = VALUES
