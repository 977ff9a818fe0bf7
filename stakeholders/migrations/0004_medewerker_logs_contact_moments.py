"""Roles after contact moments and value reviews: a Medewerker logs contact moments, a Redacteur
edits them and records value reviews (see swn_crm/roles.py)."""

from django.db import migrations

from swn_crm.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0003_contact_moment"),
        ("meetings", "0003_overleg_review"),
        ("swn_crm", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
