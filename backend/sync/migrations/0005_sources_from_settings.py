"""The HTTP source's connection and mapping move from settings into its row (Quản trị › Nguồn đồng bộ):
a deployment configured through SYNC_HTTP_* keeps working with the values it had at this migration."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from common.crypto import encrypt_text  # stable module: the field encryption of every app

    Source = apps.get_model("sync", "SyncSource")
    field_map = dict(settings.SYNC_FIELD_MAP)
    for source in Source.objects.filter(kind="http"):
        source.field_map = source.field_map or field_map
        source.records_path = settings.SYNC_HTTP_ITEMS_KEY
        source.next_cursor_path = settings.SYNC_HTTP_NEXT_KEY
        source.cursor_param = settings.SYNC_HTTP_CURSOR_PARAM
        source.page_size_param = settings.SYNC_HTTP_PAGE_SIZE_PARAM
        source.page_size = settings.SYNC_HTTP_PAGE_SIZE
        source.paging = "cursor"
        if source.name == "mot-cua" and not source.url:
            source.url = settings.SYNC_HTTP_URL
            if settings.SYNC_HTTP_AUTH_VALUE:
                source.auth_kind = "api_key"
                source.auth_header = settings.SYNC_HTTP_AUTH_HEADER
                source.auth_secret_encrypted = encrypt_text(settings.SYNC_HTTP_AUTH_VALUE)
        source.save()


class Migration(migrations.Migration):
    dependencies = [("sync", "0004_source_settings")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
