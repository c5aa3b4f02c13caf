"""QuickContentNegotiation answers the usual Accept headers directly: always what DRF's own negotiation answers."""

from __future__ import annotations

import pytest
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.negotiation import QuickContentNegotiation
from common.renderers import FastJSONRenderer

RENDERER_SETS = [
    [JSONRenderer()],
    [FastJSONRenderer()],
    [JSONRenderer(), BrowsableAPIRenderer()],
    [BrowsableAPIRenderer(), JSONRenderer()],
    [OpenApiYamlRenderer(), OpenApiJsonRenderer()],
    [OpenApiJsonRenderer()],
]
ACCEPTS = [None, "*/*", "application/json", "text/html", "application/json; indent=4", "application/yaml", "image/*"]
QUERIES = ["", "format=json", "format=api", "q=ho-so", "q=x&format=openapi", "format="]


def _choice(negotiation, request, renderers, suffix):
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, suffix)
    except NotAcceptable:
        return "406"
    except Exception as exc:  # noqa: BLE001 - an error must be the same error
        return type(exc).__name__
    return renderers.index(renderer), media_type


@pytest.mark.parametrize("renderers", RENDERER_SETS, ids=lambda r: "+".join(type(x).__name__ for x in r))
@pytest.mark.parametrize("suffix", [None, "json"])
def test_the_quick_negotiation_chooses_what_drf_chooses(renderers, suffix):
    factory = APIRequestFactory()
    checked = 0
    for accept in ACCEPTS:
        for query in QUERIES:
            headers = {} if accept is None else {"HTTP_ACCEPT": accept}
            request = Request(factory.get(f"/api/v1/units/?{query}" if query else "/api/v1/units/", **headers))
            quick = _choice(QuickContentNegotiation(), request, renderers, suffix)
            drf = _choice(DefaultContentNegotiation(), Request(request._request), renderers, suffix)
            assert quick == drf, (accept, query, suffix)
            checked += 1
    assert checked == len(ACCEPTS) * len(QUERIES)


def test_the_api_uses_it():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS is QuickContentNegotiation


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_the_usual_headers_are_answered_without_drfs_parsing(monkeypatch, accept):
    def refuse(*args, **kwargs):
        raise AssertionError("DRF's negotiation ran")

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", refuse)
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/api/v1/units/?q=ho-so", **headers))
    renderer = FastJSONRenderer()
    assert QuickContentNegotiation().select_renderer(request, [renderer]) == (renderer, "application/json")


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
    ],
)
def test_the_quick_parser_choice_is_drfs(content_type):
    from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

    for parsers in ([JSONParser()], [JSONParser(), FormParser(), MultiPartParser()], [MultiPartParser(), JSONParser()]):
        request = Request(APIRequestFactory().post("/x", b"{}", content_type=content_type))
        quick = QuickContentNegotiation().select_parser(request, parsers)
        assert quick is DefaultContentNegotiation().select_parser(request, parsers), (content_type, parsers)
