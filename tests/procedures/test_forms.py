"""Blank forms a citizen can download: real files in the demo content, and absolute addresses (inside Zalo a
relative /media/… link cannot open)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from procedures.blank_forms import CONTENT_TYPE, DEMO_FORMS, docx_bytes
from procedures.demo import demo_guides_load
from procedures.models import CaseDocument, Procedure
from tests.procedures.factories import CaseFactory, DocumentFactory, ProcedureFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_BASE_URL = ""


def text_of(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert archive.testzip() is None
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(archive.namelist())
        return archive.read("word/document.xml").decode("utf-8")


def test_the_two_demo_forms_are_real_word_documents_with_the_official_fields() -> None:
    ct01 = text_of(docx_bytes(DEMO_FORMS["CT01"]))
    assert "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ" in ct01 and "Số định danh cá nhân của chủ hộ" in ct01
    assert "Nội dung đề nghị" in ct01 and "NGƯỜI KÊ KHAI" in ct01
    cc01 = text_of(docx_bytes(DEMO_FORMS["CC01"]))
    assert "TỜ KHAI CĂN CƯỚC" in cc01 and "Nơi thường trú" in cc01 and "Cấp đổi thẻ căn cước" in cc01
    for text in (ct01, cc01):
        assert "CCCD" not in text and "chứng minh nhân dân" not in text.lower()
        assert "(Demo)" in text  # says it is a demo copy and where the official form is
    assert docx_bytes(DEMO_FORMS["CT01"]) == docx_bytes(DEMO_FORMS["CT01"])  # same bytes: loading twice is a no-op


def test_the_demo_attaches_the_forms_and_the_api_gives_an_absolute_address_that_downloads(api, db):
    counts = demo_guides_load()
    assert counts["forms"] >= 2
    attached = CaseDocument.objects.exclude(form_file="")
    assert {d.form_file.name for d in attached} == {f"forms/demo/{f.file_name}" for f in DEMO_FORMS.values()}
    procedure = Procedure.objects.get(code="1.004222", local_suffix="")
    body = api.get(f"/api/v1/procedures/{procedure.pk}/").json()
    urls = [d["form_file_url"] for case in body["cases"] for d in case["documents"] if d["form_file_url"]]
    assert urls and all(url == f"http://testserver/media/forms/demo/{DEMO_FORMS['CT01'].file_name}" for url in urls)
    response = api.get(urls[0].removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert b"".join(response.streaming_content) == docx_bytes(DEMO_FORMS["CT01"])
    # Loading the demo again writes nothing new and keeps the same file names.
    demo_guides_load()
    assert {d.form_file.name for d in CaseDocument.objects.exclude(form_file="")} == {
        d.form_file.name for d in attached
    }


@pytest.fixture
def uploaded(db):
    procedure = ProcedureFactory(code="1.009999", name="Thủ tục có mẫu tải lên")
    document = DocumentFactory(case=CaseFactory(procedure=procedure), form_name="Mẫu X")
    document.form_file.save("mau-x.pdf", ContentFile(b"%PDF-1.4 demo"))
    return procedure


def form_url(api, procedure, **headers) -> str:  # type: ignore[no-untyped-def]
    body = api.get(f"/api/v1/procedures/{procedure.pk}/", **headers).json()
    return body["cases"][0]["documents"][0]["form_file_url"]


def test_an_uploaded_form_gets_the_public_base_url_when_it_is_set(api, uploaded, settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.congan.example.vn/"
    assert form_url(api, uploaded) == "https://dichvucong.congan.example.vn/media/forms/mau-x.pdf"
    by_code = api.get(f"/api/v1/procedures/by-code/{uploaded.code}/").json()
    assert by_code["cases"][0]["documents"][0]["form_file_url"].startswith("https://dichvucong.congan.example.vn/")


def test_without_the_setting_the_address_follows_the_request_and_the_cache_keeps_hosts_apart(api, uploaded, settings):
    settings.ALLOWED_HOSTS = ["a.example.vn", "b.example.vn"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    first = form_url(api, uploaded, HTTP_HOST="a.example.vn", HTTP_X_FORWARDED_PROTO="https")
    assert first == "https://a.example.vn/media/forms/mau-x.pdf"  # behind the proxy: https
    # The answer is cached; another host must not get the first host's address from the cache.
    assert form_url(api, uploaded, HTTP_HOST="b.example.vn") == "http://b.example.vn/media/forms/mau-x.pdf"
    assert form_url(api, uploaded, HTTP_HOST="a.example.vn", HTTP_X_FORWARDED_PROTO="https") == first


def test_an_outside_link_is_left_as_it_is(api, db):
    procedure = ProcedureFactory(code="1.009998")
    DocumentFactory(case=CaseFactory(procedure=procedure), form_url="https://dichvucong.gov.vn/mau.docx")
    document = api.get(f"/api/v1/procedures/{procedure.pk}/").json()["cases"][0]["documents"][0]
    assert (document["form_url"], document["form_file_url"]) == ("https://dichvucong.gov.vn/mau.docx", "")
