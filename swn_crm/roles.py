"""The three roles of the CRM, as auth groups with model permissions.

Medewerker reads everything, manages their own attendance and logs contact moments (and
changes or deletes their own, a check in the views); Redacteur also edits the
relationship data; Beheerder also manages colleagues and everything in the admin. Views ask
for model permissions (`stakeholders.change_organisation`), never for a group name, so a
role is changed here and in a migration that calls `sync_roles`, not in the views.
"""

MEDEWERKER = "Medewerker"
REDACTEUR = "Redacteur"
BEHEERDER = "Beheerder"

DOMAIN_APPS = ("themes", "stakeholders", "meetings", "relations", "lobby")
EDITED_BY_REDACTEUR = {
    "stakeholders": ("organisation", "membership", "contactperson"),
    "meetings": ("overleg", "meeting", "attendance", "overlegreview"),
    "relations": ("contactmoment",),
    "lobby": (
        "coalition",
        "coalitionpartner",
        "jointstatement",
        "statementsignatory",
        "policydossier",
        "stakeholderposition",
    ),
}
# What a Medewerker may add besides reading: every colleague logs their own contact moments.
ADDED_BY_MEDEWERKER = {"relations": ("contactmoment",)}


def role_permissions(Permission):
    """Permission querysets per role, resolved against the (possibly historical) Permission model."""
    # Calendar tokens are secrets: only a Beheerder sees them (in the admin).
    view = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS, codename__startswith="view_").exclude(
        codename="view_calendartoken"
    )
    view_users = Permission.objects.filter(content_type__app_label="swn_crm", codename="view_user")
    edit_codenames = [
        f"{action}_{model}"
        for models in EDITED_BY_REDACTEUR.values()
        for model in models
        for action in ("add", "change", "delete")
    ]
    edit = Permission.objects.filter(content_type__app_label__in=list(EDITED_BY_REDACTEUR), codename__in=edit_codenames)
    everything = Permission.objects.filter(content_type__app_label__in=(*DOMAIN_APPS, "swn_crm", "auth"))
    add_own = Permission.objects.filter(
        content_type__app_label__in=list(ADDED_BY_MEDEWERKER),
        codename__in=[f"add_{model}" for models in ADDED_BY_MEDEWERKER.values() for model in models],
    )
    medewerker = set(view) | set(view_users) | set(add_own)
    redacteur = medewerker | set(edit)
    beheerder = redacteur | set(everything)
    return {MEDEWERKER: medewerker, REDACTEUR: redacteur, BEHEERDER: beheerder}


def sync_roles(apps, schema_editor=None):
    """Create the groups and give them exactly their permissions; safe to run again."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs in a migration have no models_module, and create_permissions
        # skips such apps; flag them for the call and restore the real value afterwards.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in role_permissions(Permission).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
