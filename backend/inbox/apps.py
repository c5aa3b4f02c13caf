from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Việc cần làm"

    def ready(self) -> None:
        import inbox.webhook_handlers  # noqa: F401 - the OA chat handler that links an officer's Zalo
