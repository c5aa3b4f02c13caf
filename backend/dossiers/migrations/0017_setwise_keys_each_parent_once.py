"""The set-wise key checks look each named parent up once, not once per new row (common/setwise_fk.py): a
chunk of 5,000 synced dossiers names about a thousand procedures and a few hundred units."""

import importlib

from django.db import migrations

from common.setwise_fk import refresh

KEYS = importlib.import_module("dossiers.migrations.0015_setwise_keys").KEYS


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0016_setwise_keys_own_rows")]

    operations = [refresh(KEYS)]
