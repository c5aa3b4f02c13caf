"""A citizen downloads a blank form inside the Mini App: the tap goes through the Zalo bridge with an absolute
address (a relative /media/… link cannot open from Zalo's host), and that address serves the real file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from procedures.blank_forms import CONTENT_TYPE, DEMO_FORMS, docx_bytes
from tests.e2e.conftest import screenshot, zalo_calls


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    """Requested before `app`, so the demo writes its forms here, not into the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_BASE_URL = ""
    return tmp_path


def test_a_citizen_downloads_the_ct01_form_from_a_procedure(media_root: Path, app: Page, demo_server: str) -> None:
    app.get_by_role("button", name="Thủ tục hành chính", exact=True).click()
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("thuong tru")
    app.get_by_role("button", name=re.compile(r"^Đăng ký thường trú")).click()
    expect(app.get_by_role("heading", name="Đăng ký thường trú")).to_be_visible()
    app.get_by_role("radio", name=re.compile(r"^Ở nhà của mình")).check()
    button = app.get_by_test_id("checklist").get_by_role("button", name="Tải Mẫu CT01")
    expect(button).to_be_visible()
    screenshot(app, "procedure-form-download-390x844")

    with app.context.expect_page() as opened:
        button.click()
    [call] = zalo_calls(app, "downloadFile")
    url = call["args"]["url"]
    assert url == f"{demo_server}/media/forms/demo/{DEMO_FORMS['CT01'].file_name}"  # absolute, on this site
    assert call["args"]["title"] == "Mẫu CT01"
    assert zalo_calls(app, "openWebview") == []  # a file, not a web page

    # What the phone receives at that address: the real Word form, with its content type.
    response = app.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.body() == docx_bytes(DEMO_FORMS["CT01"])
    assert (media_root / "forms" / "demo" / DEMO_FORMS["CT01"].file_name).is_file()
    opened.value.close()


def test_the_cc01_form_of_the_identity_card_procedure_is_attached_too(media_root: Path, app: Page) -> None:
    from procedures.models import CaseDocument

    forms = set(CaseDocument.objects.exclude(form_file="").values_list("form_name", flat=True))
    assert forms == {"Mẫu CT01", "Mẫu CC01"}
