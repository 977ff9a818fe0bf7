from django.db import migrations

from swn_crm.roles import sync_roles


class Migration(migrations.Migration):
    """The three roles as groups with their model permissions (swn_crm/roles.py); run again by any
    later migration that changes what a role may do."""

    dependencies = [
        ("swn_crm", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("themes", "0001_initial"),
        ("stakeholders", "0001_initial"),
        ("meetings", "0001_initial"),
        ("relations", "0001_initial"),
        ("lobby", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
