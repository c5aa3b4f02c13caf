from django.apps import AppConfig


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from dossiers.models import Holiday
        from dossiers.workdays import calendar_forget

        def forget(**kwargs: object) -> None:
            calendar_forget()
            transaction.on_commit(calendar_forget)  # and again once other processes can see the change

        post_save.connect(forget, sender=Holiday, dispatch_uid="dossiers-holiday-saved", weak=False)
        post_delete.connect(forget, sender=Holiday, dispatch_uid="dossiers-holiday-deleted", weak=False)
