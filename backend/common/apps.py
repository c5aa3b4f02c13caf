from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from common import admin_vietnamese

        admin_vietnamese.historical_models_in_vietnamese()
        admin_vietnamese.boolean_icons_in_vietnamese()
        post_migrate.connect(admin_vietnamese.permission_names_in_vietnamese, dispatch_uid="permission-names-vi")
