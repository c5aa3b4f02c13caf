"""Load the demo guides (procedures, handbook, articles) from procedures/demo_content/*.json.

Format: see docs/demo-content.md. Everything is loaded as published (demo content has been
reviewed by us); running it again updates in place and creates nothing twice.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from common.cache import invalidate_namespace
from common.demo import upsert
from news.models import Article
from news.services import news_category_defaults_ensure
from procedures.blank_forms import DEMO_FORMS, docx_bytes
from procedures.models import CaseDocument, Faq, Field, Level, OnlineLevel, Procedure
from procedures.resources import procedure_replace_nested, validate_nested
from publishing.demo import published_values
from units.models import Unit

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

LEVELS = {"cấp tỉnh": Level.PROVINCE, "cấp xã": Level.COMMUNE, "cấp trung ương": Level.CENTRAL}
ONLINE_LEVELS = {"toàn trình": OnlineLevel.FULL, "một phần": OnlineLevel.PARTIAL, "trực tiếp": OnlineLevel.OFFLINE}


def _read(name: str, directory: Path) -> list[dict[str, Any]] | None:
    path = directory / name
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _nested_matches(procedure: Procedure, item: dict[str, Any]) -> bool:
    """The stored steps, cases and channels have the demo file's names (then a rerun leaves them alone)."""
    return (
        list(procedure.steps.order_by("order").values_list("title", flat=True))
        == [s.get("title") for s in item.get("steps", [])]
        and sorted(procedure.cases.values_list("name", flat=True))
        == sorted(c.get("name") for c in item.get("cases", []))
        and procedure.channels.count() == len(item.get("channels", []))
    )


def _units_for(level: str) -> list[Unit]:
    if level == Level.COMMUNE:
        return list(Unit.objects.filter(code__startswith="DEMO-", kind__code__in=["cong_an_xa", "cong_an_phuong"]))
    return list(Unit.objects.filter(code="DEMO-MC"))


def _stored(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as handle:
        return handle.read()


def demo_forms_attach(*, procedures: list[Procedure]) -> int:
    """The demo's real blank forms (procedures/blank_forms.py) as files, attached to every document of these
    procedures that names the form ("Mẫu CT01") and has no outside link. Same bytes each time: written once."""
    attached = 0
    for form in DEMO_FORMS.values():
        name = f"forms/demo/{form.file_name}"
        content = docx_bytes(form)
        if _stored(name) != content:
            default_storage.delete(name)
            name = default_storage.save(name, ContentFile(content))
        attached += CaseDocument.objects.filter(
            case__procedure__in=procedures, form_name=f"Mẫu {form.code}", form_url=""
        ).update(form_file=name)
    return attached


@transaction.atomic
def demo_guides_load(directory: Path = CONTENT_DIR) -> dict[str, int]:
    counts = {"procedures": 0, "faqs": 0, "articles": 0}
    procedures = _read("procedures.json", directory)
    by_code: dict[str, Procedure] = {}
    for index, item in enumerate(procedures or []):
        for column in ("steps", "cases", "channels"):
            validate_nested(column, item.get(column) or [])
        field, _ = Field.objects.get_or_create(name=item["field"], defaults={"order": index})
        level = LEVELS.get(item.get("level", "").strip().lower(), Level.PROVINCE)
        lookup = {"code": item["code"], "local_suffix": item.get("local_suffix", "")}
        existing = Procedure.objects.filter(**lookup).first()
        procedure, created, saved = upsert(
            Procedure,
            lookup,
            {
                "name": item["name"],
                "field": field,
                "level": level,
                "agency": item.get("agency", ""),
                "online_level": ONLINE_LEVELS.get(item.get("online_level", "").strip().lower(), OnlineLevel.PARTIAL),
                "portal_url": item.get("portal_url", ""),
                "summary": item.get("summary", ""),
                "target": item.get("target", ""),
                "conditions": item.get("conditions", ""),
                "result": item.get("result", ""),
                "legal_basis": item.get("legal_basis", []),
                "keywords": item.get("keywords", []),
                "source_url": item.get("source_url", ""),
                "retrieved_at": date.fromisoformat(item["retrieved_at"]) if item.get("retrieved_at") else None,
                **published_values(existing),
            },
        )
        if created or saved or not _nested_matches(procedure, item):  # a rerun rewrites nothing
            procedure_replace_nested(
                procedure=procedure,
                steps=item.get("steps", []),
                cases=item.get("cases", []),
                channels=item.get("channels", []),
            )
        units = _units_for(level)
        if set(procedure.units.values_list("pk", flat=True)) != {u.pk for u in units}:
            procedure.units.set(units)
        by_code[procedure.code] = procedure
        counts["procedures"] += 1
    for index, item in enumerate(_read("handbook.json", directory) or []):
        faq = Faq.objects.filter(question=item["question"]).first()
        upsert(
            Faq,
            {"question": item["question"]},
            {
                "answer": item["answer"],
                "procedure": by_code.get(item.get("procedure_code") or ""),
                "keywords": item.get("keywords", []),
                "order": index,
                **published_values(faq),
            },
        )
        counts["faqs"] += 1
    news_category_defaults_ensure()
    for item in _read("articles.json", directory) or []:
        published = published_values(Article.objects.filter(title=item["title"]).first())
        if item.get("published_at"):
            day = date.fromisoformat(item["published_at"])
            published["published_at"] = timezone.make_aware(datetime.combine(day, time(8, 0)))
        upsert(
            Article,
            {"title": item["title"]},
            {
                "summary": item.get("summary", ""),
                "body": item["body"],
                "category_id": item["category"],
                "pinned": bool(item.get("pinned")),
                **published,
            },
        )
        counts["articles"] += 1
    counts["forms"] = demo_forms_attach(procedures=list(by_code.values()))
    invalidate_namespace("procedures")  # nested rows are bulk-created: no signals
    invalidate_namespace("news")
    return counts
