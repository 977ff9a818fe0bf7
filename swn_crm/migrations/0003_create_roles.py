from django.db import migrations

from swn_crm.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("swn_crm", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("themes", "0001_initial"),
        ("stakeholders", "0002_initial"),
        ("meetings", "0002_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
