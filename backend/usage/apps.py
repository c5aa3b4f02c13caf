from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "usage"
    verbose_name = "Số liệu sử dụng"

    def ready(self) -> None:
        from usage import recording

        recording.connect_flush_signals()
