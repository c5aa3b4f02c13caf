"""Mounted at /admin/viec-can-lam/ (config/urls.py), each view behind the admin site's sign-in."""

from django.contrib import admin
from django.urls import path

from inbox import views

app_name = "inbox"
urlpatterns = [
    path("", admin.site.admin_view(views.inbox_page), name="page"),
    path("ho-so/<id:pk>/xin-loi/", admin.site.admin_view(views.apology_page), name="apology"),
    path("lien-ket-zalo/", admin.site.admin_view(views.zalo_link_page), name="zalo_link"),
]
