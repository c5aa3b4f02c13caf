from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.cache import cached_get
from common.fields import StrictBooleanField
from news.models import Article, NewsCategory
from news.serializers import ArticleDetailOutput, ArticleListOutput, NewsCategoryOutput


class ArticleListApi(ListAPIView):
    """Tin tức, cảnh báo lừa đảo, thông báo (bài ghim lên đầu)."""

    class FilterInput(serializers.Serializer):
        category = serializers.SlugField(
            required=False,
            allow_blank=True,
            max_length=20,
            help_text="Mã chuyên mục (xem /api/v1/articles/categories/)",
        )
        pinned = StrictBooleanField(required=False, help_text="Chỉ bài được ghim (true) hoặc không ghim (false)")

    serializer_class = ArticleListOutput

    def get_queryset(self):
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        qs = Article.objects.published().select_related("category")
        slug = params.validated_data.get("category")
        if slug:  # an unknown or hidden category lists nothing
            qs = qs.filter(category_id=slug, category__is_active=True)
        if params.validated_data.get("pinned") is not None:
            qs = qs.filter(pinned=params.validated_data["pinned"])
        return qs.order_by("-pinned", "-published_at", "-id")

    @extend_schema(parameters=[FilterInput], operation_id="articles_list")
    @cached_get("news")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ArticleDetailApi(APIView):
    """Một bài viết (nội dung HTML đã được làm sạch)."""

    @extend_schema(responses=ArticleDetailOutput, operation_id="articles_retrieve")
    @cached_get("news")
    def get(self, request: Request, pk: int) -> Response:
        article = get_object_or_404(Article.objects.published().select_related("category"), pk=pk)
        return Response(ArticleDetailOutput(article, context={"request": request}).data)


class CategoryListApi(APIView):
    """Chuyên mục tin đang dùng, theo thứ tự biên tập viên đặt."""

    @extend_schema(responses=NewsCategoryOutput(many=True), operation_id="articles_categories_list")
    @cached_get("news")
    def get(self, request: Request) -> Response:
        categories = NewsCategory.objects.filter(is_active=True).order_by("order", "name")
        return Response(NewsCategoryOutput(categories, many=True).data)
