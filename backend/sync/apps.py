from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sync"
    verbose_name = "Đồng bộ hồ sơ"

    def ready(self) -> None:
        from dossiers.remote import remote_register
        from sync.ondemand import OnDemand
        from sync.services import sync_schedules_ensure

        remote_register(OnDemand())

        post_migrate.connect(sync_schedules_ensure, sender=self, dispatch_uid="sync-schedules", weak=False)
