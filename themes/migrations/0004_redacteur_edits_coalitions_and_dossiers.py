from django.db import migrations

from swn_crm.roles import sync_roles


class Migration(migrations.Migration):
    """Redacteur may now add, change and delete coalitions, statements, dossiers and positions."""

    dependencies = [
        ("themes", "0003_policy_dossiers"),
        ("stakeholders", "0003_coalitions"),
        ("swn_crm", "0003_create_roles"),
        ("meetings", "0002_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
