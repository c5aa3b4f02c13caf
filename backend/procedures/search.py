"""Search over procedures and the handbook: diacritic-, case- and i/y-insensitive (one normalised column),
abbreviation-aware (a data table), typo-tolerant on PostgreSQL (pg_trgm word similarity on a GIN
trigram index), ranked with name matches first. SQLite gets the same column with plain contains."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When

from common.text import fold_i_y, normalize_search

# What citizens type -> what the procedures say. Kept as data: editors' feedback extends it.
ABBREVIATIONS: dict[str, str] = {
    "cccd": "can cuoc",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh nhan dan",
    "gplx": "giay phep lai xe",
    "pccc": "phong chay chua chay",
    "antt": "an ninh trat tu",
    "xnc": "xuat nhap canh",
    "lltp": "ly lich tu phap",
    "dinh danh": "dinh danh dien tu",
    "vneid": "dinh danh dien tu",
    "ho khau": "thuong tru",
    "kt3": "tam tru",
    "bien so": "dang ky xe",
    "sang ten": "sang ten xe",
    "con dau": "con dau",
    # What people call it vs the procedure's name ("Khai báo tạm vắng").
    "dang ky tam vang": "khai bao tam vang",
}
# Keys and spelled-out forms in the same i/y-folded form as the stored column (kept readable above).
_FOLDED_ABBREVIATIONS = {fold_i_y(short): fold_i_y(long) for short, long in ABBREVIATIONS.items()}
MAX_QUERY_LENGTH = 200


def expand(query: str) -> list[str]:
    """The normalised query plus its variants with abbreviations spelled out."""
    normalized = normalize_search(query)[:MAX_QUERY_LENGTH]
    if not normalized:
        return []
    variants = [normalized]
    for short, long in _FOLDED_ABBREVIATIONS.items():
        if f" {short} " in f" {normalized} " and long not in normalized:
            variants.append(f" {normalized} ".replace(f" {short} ", f" {long} ").strip())
    return variants


def _token_match(column: str, variant: str) -> Q:
    condition = Q()
    for token in variant.split():
        condition &= Q(**{f"{column}__contains": token})
    return condition


def search(qs: QuerySet, *, query: str, text_column: str, name_column: str) -> QuerySet:
    """Filter and rank `qs` by `query`; names that contain the query come first."""
    variants = expand(query)
    if not variants:
        return qs.none()
    name_hit = Q()
    for variant in variants:
        name_hit |= Q(**{f"{name_column}__contains": variant})
    qs = qs.annotate(name_rank=Case(When(name_hit, then=Value(2)), default=Value(0), output_field=IntegerField()))
    matches = Q()
    if connection.vendor == "postgresql":
        # LIKE '%…%' over the whole text, and `%>` (word similarity: forgives a typo and word order) over
        # the short name only — on long texts word similarity costs ~40 ms per 1,000 rows. Both are
        # served by the GIN trigram indexes.
        for variant in variants:
            matches |= Q(**{f"{text_column}__contains": variant})
            matches |= Q(**{f"{name_column}__trigram_word_similar": variant})
        qs = qs.filter(matches).annotate(similarity=TrigramWordSimilarity(variants[0], name_column))
        return qs.order_by("-name_rank", "-similarity", "pk")
    for variant in variants:  # SQLite: every word present, in any order
        matches |= _token_match(text_column, variant)
    qs = qs.filter(matches).annotate(similarity=Value(0.0, output_field=FloatField()))
    return qs.order_by("-name_rank", "pk")
