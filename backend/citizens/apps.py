from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = "Công dân (tài khoản Zalo)"

    def ready(self) -> None:
        from citizens import schema  # noqa: F401 - registers the OpenAPI security scheme
