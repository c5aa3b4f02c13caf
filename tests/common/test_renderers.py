"""FastJSONRenderer writes what DRF's JSONRenderer writes, for whatever an answer can hold."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from common.renderers import FastJSONRenderer
from dossiers.models import DossierStatus

_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=-(10**9)),
    st.sampled_from([gettext_lazy("Hồ sơ"), ErrorDetail("Sai mã", code="invalid"), DossierStatus.PROCESSING]),
)
_VALUES = st.recursive(
    _LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_the_fast_renderer_writes_the_same_json_as_drf(value):
    body = {"value": value}
    assert json.loads(FastJSONRenderer().render(body)) == json.loads(JSONRenderer().render(body))


def test_what_orjson_refuses_is_written_by_drf():
    value = {1: "int key", "big": 2**70, "when": datetime(2026, 11, 30, 8, 0, tzinfo=UTC), "day": date(2026, 1, 2)}
    assert json.loads(FastJSONRenderer().render(value)) == json.loads(JSONRenderer().render(value))
    assert FastJSONRenderer().render(None) == b""
    assert FastJSONRenderer().render({"amount": Decimal("1.50")}) == JSONRenderer().render({"amount": Decimal("1.50")})


def test_json_response_carries_what_a_drf_response_of_the_fast_renderer_carries():
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from common.renderers import json_response

    data = {"code": "HS-1", "status": DossierStatus.PROCESSING, "when": date(2026, 12, 5), "list": [1, "hai", None]}

    class Drf(APIView):
        renderer_classes = [FastJSONRenderer]

        def get(self, request):
            return Response(data)

    class Direct(Drf):
        def get(self, request):
            return json_response(data)

    drf = Drf.as_view()(APIRequestFactory().get("/x")).render()
    direct = Direct.as_view()(APIRequestFactory().get("/x"))
    assert direct.status_code == drf.status_code == 200
    assert direct.content == drf.content
    assert dict(direct.headers) == dict(drf.headers)
