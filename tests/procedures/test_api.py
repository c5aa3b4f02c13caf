from __future__ import annotations

import pytest

from tests.procedures.factories import CaseFactory, ChannelFactory, DocumentFactory, ProcedureFactory, StepFactory


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def test_unpublished_procedures_never_reach_the_api(api, guides):
    listed = codes(api.get("/api/v1/procedures/", {"page_size": 100}))
    assert "9.900002" not in listed and "9.900003" not in listed
    assert api.get(f"/api/v1/procedures/{guides.draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/procedures/{guides.review.pk}/").status_code == 404
    assert api.get("/api/v1/procedures/by-code/9.900002/").status_code == 404
    assert "9.900002" not in codes(api.get("/api/v1/procedures/", {"search": "dang ky thuong tru ban nhap"}))


def test_unpublished_handbook_entries_and_links_are_hidden(api, guides):
    body = api.get("/api/v1/faqs/", {"page_size": 100}).json()
    questions = {item["question"]: item for item in body["results"]}
    assert "Câu hỏi đang soạn về thường trú?" not in questions
    assert questions["Hỏi về thủ tục chưa duyệt?"]["procedure"] is None
    assert questions["Thuê trọ có phải đăng ký tạm trú không?"]["procedure"]["code"] == "1.004194"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky thuong tru", "1.004222"),
        ("Đăng ký thường trú", "1.004222"),
        ("DANG KY THUONG TRU", "1.004222"),
        ("can cuoc", "2.000200"),
        ("cccd", "2.000200"),
        ("CCCD", "2.000200"),
        ("ho chieu", "1.001456"),
        ("ho khau", "1.004222"),
        ("kt3", "1.004194"),
        ("thuong tru dang ky", "1.004222"),
        ("1.004222", "1.004222"),
    ],
)
def test_search_is_diacritic_case_and_abbreviation_insensitive(api, guides, query, first):
    assert codes(api.get("/api/v1/procedures/", {"search": query}))[0] == first


def test_name_matches_rank_above_mentions_in_the_summary(api, guides):
    found = codes(api.get("/api/v1/procedures/", {"search": "dang ky thuong tru"}))
    assert found.index("1.004222") < found.index("9.900001")


@pytest.mark.parametrize("typo", ["dang ki thuong tru", "ho chiue", "dang ky thuong truu"])
def test_a_one_letter_typo_still_finds_the_procedure_on_postgresql(api, guides, typo):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("typo tolerance comes from pg_trgm")
    assert codes(api.get("/api/v1/procedures/", {"search": typo}))[:1] in (["1.004222"], ["1.001456"])


def test_filter_by_field_and_level(api, guides):
    residence = set(codes(api.get("/api/v1/procedures/", {"field": guides.residence.pk})))
    assert residence == {"1.004222", "1.004194", "9.900001"}
    assert set(codes(api.get("/api/v1/procedures/", {"level": "cap_xa"}))) == {"1.004222", "1.004194"}


def test_fields_list_counts_published_procedures_only(api, guides):
    fields = {f["name"]: f["procedure_count"] for f in api.get("/api/v1/procedure-fields/").json()}
    assert fields["Đăng ký, quản lý cư trú"] == 3


def test_detail_has_steps_cases_documents_channels_and_units(api, guides):
    body = api.get(f"/api/v1/procedures/{guides.permanent.pk}/").json()
    assert [s["title"] for s in body["steps"]] == ["Chuẩn bị hồ sơ", "Nộp hồ sơ"]
    assert body["steps"][1]["logic"] == "or"
    cases = {c["name"]: [d["name"] for d in c["documents"]] for c in body["cases"]}
    assert cases["Ở nhờ, thuê, mượn chỗ ở"] == ["Hợp đồng thuê nhà hoặc văn bản đồng ý cho ở nhờ"]
    assert {c["channel"]: c["fee_amount"] for c in body["channels"]} == {"truc_tiep": 20000, "truc_tuyen": 10000}
    assert {u["name"] for u in body["units"]} == {"Công an phường Đồng Tâm", "Công an xã Đức Hạnh"}
    assert body["units"][0]["phones"]
    assert api.get("/api/v1/procedures/by-code/1.004222/").json()["id"] == guides.permanent.pk


def _grow(guides, n: int) -> None:
    for _ in range(n):
        procedure = ProcedureFactory(field=guides.residence)
        StepFactory(procedure=procedure)
        DocumentFactory(case=CaseFactory(procedure=procedure))
        ChannelFactory(procedure=procedure)
    for _ in range(n):
        StepFactory(procedure=guides.permanent)
        DocumentFactory(case=CaseFactory(procedure=guides.permanent))


@pytest.mark.parametrize("extra", [0, 15])
def test_list_costs_a_constant_number_of_queries(api, guides, extra, django_assert_num_queries):
    _grow(guides, extra)
    with django_assert_num_queries(2):  # count, page
        codes(api.get("/api/v1/procedures/", {"page_size": 100}))


@pytest.mark.parametrize("extra", [0, 15])
def test_detail_costs_a_constant_number_of_queries(api, guides, extra, django_assert_num_queries):
    _grow(guides, extra)
    with django_assert_num_queries(7):  # procedure+field, steps, cases, documents, channels, units, phones
        assert api.get(f"/api/v1/procedures/{guides.permanent.pk}/").status_code == 200


def test_useful_feedback_is_counted_and_rate_limited(api, guides, settings):
    from procedures import services
    from procedures.models import ProcedureFeedback

    url = f"/api/v1/procedures/{guides.permanent.pk}/feedback/"
    assert api.post(url, {"useful": True}, format="json").status_code == 201
    assert api.post(url, {"useful": False, "reason": "Thiếu mẫu đơn"}, format="json").status_code == 201
    assert list(ProcedureFeedback.objects.values_list("useful", "reason")) == [(False, "Thiếu mẫu đơn"), (True, "")]
    assert api.post(url, {"reason": "x"}, format="json").status_code == 400
    for _ in range(services.FEEDBACK_LIMIT.count - 2):
        api.post(url, {"useful": True}, format="json")
    response = api.post(url, {"useful": True}, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert (
        api.post(f"/api/v1/procedures/{guides.draft.pk}/feedback/", {"useful": True}, format="json").status_code == 404
    )
