from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị và liên hệ"

    def ready(self) -> None:
        from common.cache import invalidate_on_change
        from units.models import Unit, UnitAlias, UnitKind, UnitPhone

        # The public unit API is cached; any change to these rows makes the next read fresh.
        invalidate_on_change("units", [Unit, UnitPhone, UnitKind, UnitAlias])
