from django.apps import AppConfig


def _holiday_years_after_migrate(using: str = "default", **kwargs: object) -> None:
    """After every migrate (and every test flush), this year's and next year's holidays are in the table."""
    from django.db import connections

    from dossiers.models import Holiday, HolidayYear
    from dossiers.public_holidays import holiday_years_ensure

    if using != "default":
        return
    tables = set(connections[using].introspection.table_names())
    if not {Holiday._meta.db_table, HolidayYear._meta.db_table} <= tables:
        return  # migrated backwards, or only part of the way
    holiday_years_ensure()


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_migrate, post_save

        from dossiers.models import Holiday
        from dossiers.workdays import calendar_forget

        def forget(**kwargs: object) -> None:
            calendar_forget()
            transaction.on_commit(calendar_forget)  # and again once other processes can see the change

        post_save.connect(forget, sender=Holiday, dispatch_uid="dossiers-holiday-saved", weak=False)
        post_delete.connect(forget, sender=Holiday, dispatch_uid="dossiers-holiday-deleted", weak=False)
        post_migrate.connect(_holiday_years_after_migrate, sender=self, dispatch_uid="dossiers-holiday-years")
