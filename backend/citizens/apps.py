from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = "Công dân (tài khoản Zalo)"

    def ready(self) -> None:
        from citizens import schema, webhook_handlers  # noqa: F401 - OpenAPI scheme, Zalo event handlers
