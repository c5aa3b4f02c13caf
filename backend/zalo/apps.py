from django.apps import AppConfig


class ZaloConfig(AppConfig):
    name = "zalo"
    verbose_name = "Zalo"

    def ready(self) -> None:
        from zalo import tasks  # noqa: F401 - registers the tasks, which are sent by name (eager mode needs them)
