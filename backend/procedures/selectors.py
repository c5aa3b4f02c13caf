"""Public reads of procedures and the handbook: published rows only, constant query counts."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from procedures import search
from procedures.models import CaseDocument, Faq, Field, Procedure, ProcedureCase
from publishing.models import PublishState
from units.models import Unit, UnitPhone


def field_list() -> QuerySet[Field]:
    return Field.objects.annotate(
        procedure_count=Count("procedures", filter=Q(procedures__state=PublishState.PUBLISHED))
    ).filter(procedure_count__gt=0)


def procedure_list(*, query: str = "", field_id: int | None = None, level: str = "") -> QuerySet[Procedure]:
    qs = Procedure.objects.published().select_related("field")
    if field_id is not None:
        qs = qs.filter(field_id=field_id)
    if level:
        qs = qs.filter(level=level)
    if query.strip():
        return search.search(qs, query=query, text_column="search_text", name_column="name_search")
    return qs.order_by("field__order", "name")


def procedure_detail_queryset() -> QuerySet[Procedure]:
    """Everything the detail page shows, in a fixed number of queries (6)."""
    return (
        Procedure.objects.published()
        .select_related("field")
        .prefetch_related(
            "steps",
            Prefetch(
                "cases",
                queryset=ProcedureCase.objects.prefetch_related(
                    Prefetch("documents", queryset=CaseDocument.objects.order_by("order", "id"))
                ),
            ),
            "channels",
            Prefetch(
                "units",
                queryset=Unit.objects.filter(is_active=True)
                .prefetch_related(Prefetch("phones", queryset=UnitPhone.objects.order_by("order", "id")))
                .order_by("display_order", "name"),
            ),
        )
    )


def faq_list(*, query: str = "", procedure_id: int | None = None) -> QuerySet[Faq]:
    qs = Faq.objects.published().select_related("procedure")
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    if query.strip():
        return search.search(qs, query=query, text_column="search_text", name_column="search_text")
    return qs.order_by("order", "id")


def procedures_with_fee_reduction_ending(*, today: date | None = None, days: int | None = None) -> QuerySet[Procedure]:
    """Procedures (any state) with a reduced fee that stops applying within `days` (FEE_PERIOD_WARNING_DAYS):
    editors check whether the reduction is extended before the app starts showing the full fee."""
    today = today or timezone.localdate()
    days = settings.FEE_PERIOD_WARNING_DAYS if days is None else days
    return Procedure.objects.filter(
        channels__reduction_valid_to__gte=today,
        channels__reduction_valid_to__lte=today + timedelta(days=days),
    ).distinct()


def fee_period_warnings(*, today: date | None = None) -> list[str]:
    """One line for the admin index per procedure whose reduced fee ends soon (one small query)."""
    today = today or timezone.localdate()
    ending = (
        procedures_with_fee_reduction_ending(today=today)
        .annotate(ends=Min("channels__reduction_valid_to"))
        .values_list("code", "name", "ends")
        .order_by("ends", "code")
    )
    return [
        f"Mức giảm phí, lệ phí của thủ tục {code} {name} hết hiệu lực sau ngày {ends:%d/%m/%Y}: kiểm tra văn bản mới "
        f"(có gia hạn không) và cập nhật dòng lệ phí; nếu không sửa, từ ngày hôm sau ứng dụng tự hiện mức thu đầy đủ."
        for code, name, ends in ending
    ]
