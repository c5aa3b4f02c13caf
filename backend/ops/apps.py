from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành hệ thống"

    def ready(self) -> None:
        from ops.metrics import register_scrape_time_collectors

        register_scrape_time_collectors()
        import ops.webhook_handlers  # noqa: F401 - registers the OA chat handler for alert enrolment
