from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.static import serve as serve_file
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common import views as common_views
from common.converters import IdConverter
from dossiers.apis import DossierLookupApi
from ops import views as ops_views
from ops.metrics import metrics_view

# `<id:pk>`: ids that fit a bigint, so an overlong number is a 404 rather than a database error.
register_converter(IdConverter, "id")

admin.site.site_header = "Quản trị Dịch vụ công Công an tỉnh"
admin.site.site_title = "Quản trị Công an tỉnh"
admin.site.index_title = "Bảng điều khiển"

# Django tries patterns in order: the hottest citizen endpoints (dossier lookup) come first.
api_v1 = [
    path("", include("dossiers.urls")),
    path("", include("units.urls")),
    path("", include("procedures.urls")),
    path("", include("news.urls")),
    path("", include("citizens.urls")),
    path("", include("zalo.urls")),
    path("", include("ratings.urls")),
    path("", include("reports.urls")),
    path("", include("questions.urls")),
    path("", include("privacy.urls")),
    path("", include("sync.urls")),
    path("", include("usage.urls")),
]

urlpatterns = [
    # The dossier lookup, the hottest endpoint, matched in one step rather than through two levels of include().
    path("api/v1/dossiers/lookup", DossierLookupApi.as_view(), name="dossiers-lookup"),
    path("api/v1/", include(api_v1)),
    path("healthz", ops_views.healthz, name="healthz"),  # answered by HealthCheckMiddleware first
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    # The second factor after the admin's password (backend/accounts/second_factor_views.py), before its pages.
    path("admin/xac-thuc/", include("accounts.urls")),
    path("admin/viec-can-lam/", include("inbox.urls")),  # before the admin's catch-all
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the page needs no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    re_path(r"^api/(?P<path>.*)$", common_views.api_not_found, name="api-not-found"),  # after every api/ route
    re_path(r"^app/(?P<path>.*)$", common_views.miniapp, name="miniapp"),
    path("", common_views.home, name="home"),
]

if settings.SERVE_MEDIA:
    # The embedded mode has no proxy: the demo's forms and article covers are served here (public files only;
    # report attachments live in PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT).

    def media(request, path):
        if settings.STORAGE_BACKEND == "s3":  # several servers: the public bucket (common/storage.py)
            return common_views.media_from_storage(request, path)
        return serve_file(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns.insert(-1, re_path(r"^media/(?P<path>.+)$", media, name="media"))

if settings.BENCH_ENDPOINTS:
    # The baseline of every ratio in bench/: the same middleware, no database, a tiny JSON body.
    urlpatterns.insert(0, path("api/v1/bench/bare-json/", ops_views.bench_bare_json, name="bench-bare-json"))

handler404 = "common.views.not_found"
handler500 = "common.views.server_error"
