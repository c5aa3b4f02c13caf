from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.cache import cached_get
from common.fields import JsonBooleanField, StrictIntegerField
from common.net import client_ip
from procedures import selectors, services
from procedures.models import Level, Procedure
from procedures.serializers import FaqOutput, FieldOutput, ProcedureDetailOutput, ProcedureListOutput
from usage.hooks import response_count, usage_after
from usage.models import Kind
from usage.recording import usage_record
from usage.services import usage_search

SEARCH_HELP = "Tìm không phân biệt dấu, chữ hoa; hiểu viết tắt (CCCD, GPLX, PCCC…)"


def _search_record(scope: str, request: Request, response: HttpResponse) -> None:
    """A search counts once, on its first page (the next pages of the same search are not new searches)."""
    query = request.query_params.get("search", "")
    if query.strip() and request.query_params.get("page", "1") == "1":
        usage_search(scope=scope, query=query, found=response_count(response) or 0)


class FieldListApi(ListAPIView):
    """Các lĩnh vực có thủ tục đang công bố."""

    serializer_class = FieldOutput
    pagination_class = None

    def get_queryset(self):
        return selectors.field_list()

    @extend_schema(operation_id="procedure_fields_list")
    @cached_get("procedures")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ProcedureListApi(ListAPIView):
    """Danh sách và tìm kiếm thủ tục hành chính."""

    class FilterInput(serializers.Serializer):
        search = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=SEARCH_HELP)
        field = StrictIntegerField(required=False, min_value=1, max_value=2**62, help_text="Mã lĩnh vực")
        level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)

    serializer_class = ProcedureListOutput

    def get_queryset(self):
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.procedure_list(
            query=data.get("search", ""), field_id=data.get("field"), level=data.get("level", "")
        )

    @extend_schema(parameters=[FilterInput], operation_id="procedures_list")
    @usage_after(lambda request, response, kwargs: _search_record("procedures", request, response))
    @cached_get("procedures")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ProcedureDetailApi(APIView):
    """Toàn bộ hướng dẫn một thủ tục: các bước, giấy tờ theo trường hợp, thời hạn và phí, nơi nộp."""

    @extend_schema(responses=ProcedureDetailOutput, operation_id="procedures_retrieve")
    @usage_after(lambda request, response, kwargs: usage_record(Kind.GUIDE_READ, key=str(kwargs["pk"])))
    @cached_get("procedures")
    def get(self, request: Request, pk: int) -> Response:
        procedure = get_object_or_404(selectors.procedure_detail_queryset(), pk=pk)
        return Response(ProcedureDetailOutput(procedure, context={"request": request}).data)


class ProcedureByCodeApi(APIView):
    """Tra thủ tục theo mã quốc gia (ví dụ 1.004222)."""

    @extend_schema(responses=ProcedureDetailOutput, operation_id="procedures_by_code")
    @cached_get("procedures")
    def get(self, request: Request, code: str) -> Response:
        procedure = selectors.procedure_detail_queryset().filter(code=code[:50]).order_by("local_suffix").first()
        if procedure is None:
            raise NotFound("Không tìm thấy thủ tục.")
        return Response(ProcedureDetailOutput(procedure, context={"request": request}).data)


class ProcedureFeedbackApi(APIView):
    """ "Trang này có hữu ích không?" — có/không, kèm lý do tùy chọn."""

    extra_error_statuses = ("429",)

    class FeedbackInput(serializers.Serializer):
        useful = JsonBooleanField()
        reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    class FeedbackOutput(serializers.Serializer):
        message = serializers.CharField()

    @extend_schema(request=FeedbackInput, responses={201: FeedbackOutput}, operation_id="procedures_feedback")
    def post(self, request: Request, pk: int) -> Response:
        procedure = get_object_or_404(Procedure.objects.published(), pk=pk)
        data = self.FeedbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.procedure_feedback_create(procedure=procedure, client_ip=client_ip(request), **data.validated_data)
        return Response({"message": "Cảm ơn bạn đã góp ý!"}, status=status.HTTP_201_CREATED)


class FaqListApi(ListAPIView):
    """Cẩm nang hỏi đáp: những điều người dân hay hỏi."""

    class FilterInput(serializers.Serializer):
        search = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=SEARCH_HELP)
        procedure = StrictIntegerField(required=False, min_value=1, max_value=2**62)

    serializer_class = FaqOutput

    def get_queryset(self):
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.faq_list(query=data.get("search", ""), procedure_id=data.get("procedure"))

    @extend_schema(parameters=[FilterInput], operation_id="faqs_list")
    @usage_after(lambda request, response, kwargs: _search_record("faqs", request, response))
    @cached_get("procedures")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)
