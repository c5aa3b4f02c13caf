"""QR posters of a unit: the three codes and their targets, scoped to the officer's subtree."""

from __future__ import annotations

import re
from html import unescape

import segno
from django.test import Client
from django.urls import reverse

from units.posters import poster_follow_url


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def codes(html: str) -> dict[str, str]:
    return {role: unescape(url) for role, url in re.findall(r'data-qr-role="(\w+)" data-qr-target="([^"]+)"', html)}


def test_a_units_poster_has_its_oa_its_page_and_lookup(leader_a, tree, settings):
    settings.ZALO_MINIAPP_ID = "4242"
    tree.unit_a.zalo_oa_url = "https://zalo.me/1234567890"
    tree.unit_a.save()
    response = logged_in(leader_a).get(reverse("admin:units_unit_poster", args=[tree.unit_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert codes(html) == {
        "follow": "https://zalo.me/1234567890",
        "unit": f"https://zalo.me/s/4242/contacts/{tree.unit_a.pk}",
        "lookup": "https://zalo.me/s/4242/dossiers/lookup",
    }
    # Each drawn code is the one segno draws for its printed link.
    for url in codes(html).values():
        assert segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True) in html
    assert tree.unit_a.name in html and "@page { size: A4 portrait" in html


def test_without_a_unit_oa_the_provinces_is_used_and_without_either_no_follow_code(tree, settings):
    settings.ZALO_OA_URL = "https://zalo.me/province"
    assert poster_follow_url(tree.unit_b) == "https://zalo.me/province"
    settings.ZALO_OA_URL = ""
    assert poster_follow_url(tree.unit_b) == ""


def test_a_unit_with_its_own_oa_record_gets_that_oa_on_its_poster(tree, settings):
    from zalo.models import OfficialAccount

    settings.ZALO_OA_URL = "https://zalo.me/province"
    tree.unit_a.zalo_oa_url = "https://zalo.me/typed-by-hand"
    tree.unit_a.save()
    oa = OfficialAccount.objects.create(name="OA Công an phường", oa_id="987654321", unit=tree.unit_a)
    assert poster_follow_url(tree.unit_a) == "https://zalo.me/987654321"
    oa.url = "https://zalo.me/congan-phuong"
    oa.save()
    assert poster_follow_url(tree.unit_a) == "https://zalo.me/congan-phuong"
    assert poster_follow_url(tree.unit_b) == "https://zalo.me/province"  # no OA of its own


def test_an_officer_cannot_print_another_units_poster(leader_a, tree):
    client = logged_in(leader_a)
    assert client.get(reverse("admin:units_unit_poster", args=[tree.unit_b.pk])).status_code == 404
    assert client.get(reverse("admin:units_unit_poster", args=[tree.unit_a_child.pk])).status_code == 200
    assert client.get("/admin/units/unit/abc/poster/").status_code == 404


def test_the_admin_action_prints_one_sheet_per_selected_unit(provincial_admin, tree):
    response = logged_in(provincial_admin).post(
        reverse("admin:units_unit_changelist"),
        {"action": "print_posters", "_selected_action": [tree.unit_a.pk, tree.unit_b.pk]},
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="sheet"') == 2
