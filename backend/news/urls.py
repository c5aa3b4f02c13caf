from django.urls import path

from news import apis

urlpatterns = [
    path("articles/categories/", apis.CategoryListApi.as_view(), name="article-category-list"),
    path("articles/", apis.ArticleListApi.as_view(), name="article-list"),
    path("articles/<id:pk>/", apis.ArticleDetailApi.as_view(), name="article-detail"),
]
