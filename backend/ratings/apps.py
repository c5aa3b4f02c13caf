from django.apps import AppConfig


class RatingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ratings"
    verbose_name = "Đánh giá sự hài lòng"

    def ready(self) -> None:
        from dossiers.signals import dossier_event_created
        from ratings.services import rating_reminder_for_event

        def on_event(event, **kwargs):  # type: ignore[no-untyped-def]
            rating_reminder_for_event(event=event)

        # In the event's transaction: the reminder row commits (or rolls back) with the result itself.
        dossier_event_created.connect(on_event, dispatch_uid="ratings-reminder", weak=False)
