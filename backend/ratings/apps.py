from django.apps import AppConfig


class RatingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ratings"
    verbose_name = "Đánh giá sự hài lòng"

    def ready(self) -> None:
        from dossiers.signals import dossier_events_created
        from ratings.services import rating_reminders_for_events

        def on_events(events, **kwargs):
            return rating_reminders_for_events(events=events)

        # In the events' transaction: the reminder row commits (or rolls back) with the result itself.
        dossier_events_created.connect(on_events, dispatch_uid="ratings-reminder", weak=False)
