from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Tin báo, phản ánh"

    def ready(self) -> None:
        from reports.models import ReportKind
        from usage import labels
        from usage.models import Kind

        # The usage dashboard names report kinds by their names.
        labels.register(
            Kind.REPORT, lambda keys: dict(ReportKind.objects.filter(code__in=list(keys)).values_list("code", "name"))
        )
