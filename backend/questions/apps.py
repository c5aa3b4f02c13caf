from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"
    verbose_name = "Hỏi cán bộ"

    def ready(self) -> None:
        from questions import webhook_handlers  # noqa: F401 - registers the OA's user-message handlers
