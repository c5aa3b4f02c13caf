from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Thủ tục hành chính và cẩm nang"

    def ready(self) -> None:
        from common.cache import invalidate_on_change
        from procedures import models

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
