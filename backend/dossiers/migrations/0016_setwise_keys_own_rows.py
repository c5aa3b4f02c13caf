"""The set-wise key checks no longer lock parents the same transaction wrote (common/setwise_fk.py): the sync's
events name the dossiers their own statement has just inserted or updated."""

import importlib

from django.db import migrations

from common.setwise_fk import refresh

KEYS = importlib.import_module("dossiers.migrations.0015_setwise_keys").KEYS


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0015_setwise_keys")]

    operations = [refresh(KEYS)]
