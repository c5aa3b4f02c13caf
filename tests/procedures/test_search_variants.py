"""i/y spelling variants (ký/kí, quy/qui, lý/lí, mỹ/mĩ …): folded in the stored column and the query alike,
without merging words that differ (thủy/thui, tuy/tui, y tế). The rule is in docs/guides.md, "Tìm kiếm"."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from common.text import normalize_search
from procedures.models import Faq, Procedure
from tests.procedures.factories import FaqFactory, ProcedureFactory
from units.models import Unit

# (one spelling, the other spelling): both in everyday use for the same word.
SAME_WORD = [
    ("Đăng ký tạm vắng", "đăng kí tạm vắng"),
    ("dang ky tam vang", "dang ki tam vang"),
    ("quy định", "qui định"),
    ("Quý khách", "quí khách"),
    ("lý lịch tư pháp", "lí lịch tư pháp"),
    ("Mỹ Tho", "Mĩ Tho"),
    ("kỹ thuật", "kĩ thuật"),
    ("bác sỹ", "bác sĩ"),
    ("tỷ lệ", "tỉ lệ"),
    ("hy vọng", "hi vọng"),
    ("kỳ hạn", "kì hạn"),
    ("Ký, ghi rõ họ tên", "kí, ghi rõ họ tên"),
]

# Different words that a careless fold (every y -> i) would merge.
DIFFERENT_WORDS = [
    ("thủy", "thui"),  # 'uy' is a diphthong, 'ui' another
    ("tuy", "tui"),
    ("huy động", "hui động"),
    ("khuya", "khuia"),
    ("ngày", "ngài"),  # 'ay' vs 'ai'
    ("cây", "cai"),
    ("y tế", "i tế"),  # a word that is 'y' alone keeps it
    ("quyết", "quiết"),  # only a syllable-final y folds
    ("giấy", "giai"),
]


@pytest.mark.parametrize(("one", "other"), SAME_WORD)
def test_spelling_variants_normalise_alike(one, other):
    assert normalize_search(one) == normalize_search(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_WORDS)
def test_different_words_stay_different(one, other):
    assert normalize_search(one) != normalize_search(other)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("đăng kí tạm vắng", "9.900001"),  # the procedure is named "Khai báo tạm vắng"
        ("dang ki tam vang", "9.900001"),
        ("Đăng ký tạm vắng", "9.900001"),
        ("dang ki thuong tru", "1.004222"),
        ("đăng kí thường trú", "1.004222"),
        ("dang ki tam tru", "1.004194"),
        ("li lich tu phap", "7.000001"),
        ("lltp", "7.000001"),
        ("qui dinh ve con dau", "7.000002"),
        ("quy dinh ve con dau", "7.000002"),
    ],
)
def test_either_spelling_finds_the_procedure(api, guides, query, first):
    ProcedureFactory(code="7.000001", name="Cấp Phiếu lý lịch tư pháp", field=guides.residence)
    ProcedureFactory(code="7.000002", name="Qui định về con dấu", field=guides.residence)
    assert codes(api.get("/api/v1/procedures/", {"search": query}))[0] == first


def test_a_procedure_named_dang_ki_tam_vang_is_found_by_both_spellings(api, guides):
    ProcedureFactory(code="7.000003", name="Đăng kí tạm vắng", field=guides.residence)
    for query in ("Đăng ký tạm vắng", "dang ky tam vang", "dang ki tam vang"):
        assert "7.000003" in codes(api.get("/api/v1/procedures/", {"search": query})), query


def test_folding_adds_no_match_on_a_different_word(api, guides):
    ProcedureFactory(code="7.000004", name="Cấp phép phương tiện đường thủy nội địa", field=guides.residence)
    assert "7.000004" in codes(api.get("/api/v1/procedures/", {"search": "duong thuy"}))
    # 'thui' is not a spelling of 'thủy': the exact (contains) path must not match it.
    procedure = Procedure.objects.get(code="7.000004")
    assert "duong thui" not in procedure.search_text


def test_handbook_search_folds_too(api, guides):
    FaqFactory(question="Hồ sơ cần chữ kí của ai?", answer="Người đề nghị kí vào tờ khai.")
    body = api.get("/api/v1/faqs/", {"search": "chu ky"}).json()
    assert any(item["question"] == "Hồ sơ cần chữ kí của ai?" for item in body["results"])


def test_rebuild_search_recomputes_stale_stored_columns(guides, tree):
    # Rows written by the older normaliser (no i/y fold) — what the data migration and the command repair.
    Procedure.objects.filter(pk=guides.permanent.pk).update(name_search="dang ky thuong tru", search_text="dang ky")
    Faq.objects.filter(pk=guides.faq.pk).update(search_text="ky")
    Unit.objects.filter(pk=tree.unit_b.pk).update(name_search="stale")
    call_command("rebuild_search")
    guides.permanent.refresh_from_db()
    assert guides.permanent.name_search == "dang ki thuong tru"
    assert guides.permanent.search_text.startswith("1.004222 dang ki thuong tru")
    assert Faq.objects.get(pk=guides.faq.pk).search_text == normalize_search(
        " ".join([guides.faq.question, " ".join(guides.faq.keywords or []), guides.faq.answer])
    )
    assert Unit.objects.get(pk=tree.unit_b.pk).name_search == normalize_search(tree.unit_b.name)
