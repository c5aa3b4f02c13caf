from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from dossiers.signals import dossier_events_created
        from notifications import receipts  # noqa: F401 - registers the webhook handler
        from notifications.outbox import notifications_for_events

        def on_events(events, **kwargs):
            return notifications_for_events(events=events)

        dossier_events_created.connect(on_events, dispatch_uid="notifications-outbox-bulk", weak=False)
