from django.apps import AppConfig


class BroadcastsConfig(AppConfig):
    name = "broadcasts"
    verbose_name = "Tin truyền thông qua Zalo OA"

    def ready(self) -> None:
        from broadcasts import receipts, tasks  # noqa: F401 - the seen-message handler; tasks sent by name
