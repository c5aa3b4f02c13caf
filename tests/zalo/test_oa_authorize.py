"""Authorisation of each OA: PKCE S256, state kept server-side and usable once, the token checked to be the
OA's own."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts import roles
from common.errors import ApplicationError
from tests.factories import OfficerFactory
from zalo.fake.app import PROVINCE_OA_ID
from zalo.models import OfficialAccount
from zalo.oa_authorize import oa_authorization_complete, oa_authorization_start, pkce_challenge
from zalo.oa_token import province_oa


def test_the_permission_link_carries_an_s256_challenge_and_a_state(db, settings):
    url = oa_authorization_start(
        redirect_uri="https://example.gov.vn/admin/zalo/officialaccount/callback/", oa=province_oa()
    )
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(settings.ZALO_OA_PERMISSION_URL)
    assert query["app_id"] == [settings.ZALO_APP_ID] and query["state"][0] and len(query["code_challenge"][0]) == 43


def test_pkce_challenge_is_base64url_sha256_without_padding():
    # RFC 7636 appendix B
    assert (
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_the_callback_stores_the_tokens_once(fake_zalo, db):
    url = oa_authorization_start(redirect_uri="https://example.gov.vn/cb", oa=province_oa())
    state = parse_qs(urlsplit(url).query)["state"][0]
    oa_authorization_complete(code="authorization-code", state=state)
    row = OfficialAccount.objects.get()
    assert row.needs_authorization is False and row.expires_at is not None
    assert row.oa_id == PROVINCE_OA_ID  # learnt from Zalo's answer to "which OA is this token for"
    [call] = fake_zalo.requests("oa_token")
    assert call["form"]["grant_type"] == "authorization_code" and call["form"]["code_verifier"]
    assert pkce_challenge(call["form"]["code_verifier"]) == parse_qs(urlsplit(url).query)["code_challenge"][0]
    with pytest.raises(ApplicationError):
        oa_authorization_complete(code="authorization-code", state=state)  # a state works once


def test_a_unit_oa_is_authorised_on_its_own_and_a_token_for_another_oa_is_refused(fake_zalo, tree):
    unit_oa = OfficialAccount.objects.create(name="OA phường A", unit=tree.unit_a, oa_id="2000")
    province = province_oa()
    state = parse_qs(urlsplit(oa_authorization_start(redirect_uri="https://x/cb", oa=unit_oa)).query)["state"][0]
    with pytest.raises(ApplicationError) as excinfo:
        oa_authorization_complete(code=f"fake-code@{PROVINCE_OA_ID}", state=state)  # picked the wrong OA on Zalo
    assert excinfo.value.code == "oa_auth_wrong_oa"
    unit_oa.refresh_from_db()
    assert unit_oa.needs_authorization is True and not unit_oa.access_token_encrypted
    state = parse_qs(urlsplit(oa_authorization_start(redirect_uri="https://x/cb", oa=unit_oa)).query)["state"][0]
    oa_authorization_complete(code="fake-code@2000", state=state)
    unit_oa.refresh_from_db()
    province.refresh_from_db()
    assert unit_oa.needs_authorization is False and province.needs_authorization is True


def test_an_unknown_state_is_refused(db):
    with pytest.raises(ApplicationError) as excinfo:
        oa_authorization_complete(code="x", state="forged")
    assert excinfo.value.code == "oa_auth_state_invalid"


def test_only_officers_allowed_to_manage_the_oa_token_can_start(client, tree):
    officer = OfficerFactory(unit=tree.unit_a, roles=[roles.UNIT_OFFICER])
    client.force_login(officer)
    oa = province_oa()
    assert client.get(f"/admin/zalo/officialaccount/{oa.pk}/authorize/").status_code == 403
    admin = OfficerFactory(unit=tree.province, roles=[roles.PROVINCIAL_ADMIN])
    client.force_login(admin)
    response = client.get(f"/admin/zalo/officialaccount/{oa.pk}/authorize/")
    assert response.status_code == 302 and "code_challenge=" in response["Location"]
    assert "Cấp quyền OA" in client.get("/admin/zalo/officialaccount/").content.decode()
