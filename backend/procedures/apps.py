from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính và cẩm nang"

    def ready(self) -> None:
        from common.cache import invalidate_on_change
        from procedures import models
        from usage import labels
        from usage.models import Kind

        # The usage dashboard names the guides read by their procedure's name.
        labels.register(
            Kind.GUIDE_READ,
            lambda keys: {
                str(pk): name
                for pk, name in models.Procedure.objects.filter(
                    pk__in=[int(k) for k in keys if k.isdigit()]
                ).values_list("pk", "name")
            },
        )

        invalidate_on_change(
            "procedures",
            [
                models.Field,
                models.Procedure,
                models.ProcedureStep,
                models.ProcedureCase,
                models.CaseDocument,
                models.ProcedureChannel,
                models.Faq,
            ],
        )
