from django.apps import AppConfig


class ZaloConfig(AppConfig):
    name = "zalo"
    verbose_name = "Zalo"

    def ready(self) -> None:
        from zalo import followers, tasks  # noqa: F401 - tasks are sent by name (eager mode needs them); handlers
