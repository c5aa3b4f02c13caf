from django.apps import AppConfig


class RatingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ratings"
    verbose_name = "Đánh giá sự hài lòng"

    def ready(self) -> None:
        from dossiers.signals import dossier_event_created, dossier_events_created
        from ratings.services import rating_reminder_for_event, rating_reminders_for_events

        def on_event(event, **kwargs):
            rating_reminder_for_event(event=event)

        # In the event's transaction: the reminder row commits (or rolls back) with the result itself.
        dossier_event_created.connect(on_event, dispatch_uid="ratings-reminder", weak=False)

        def on_events(events, **kwargs):
            return rating_reminders_for_events(events=events)  # the sync's chunks

        dossier_events_created.connect(on_events, dispatch_uid="ratings-reminder-bulk", weak=False)
