from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens.authentication import CitizenTokenAuthentication, IsCitizen, citizen_of
from citizens.models import Citizen
from common import ratelimit
from common.apis import NoStoreMixin
from common.codes import code_clean, with_clean_codes
from common.errors import ApplicationError, ErrorCode
from common.fields import StrictBooleanField, StrictIntegerField
from common.net import client_ip
from common.parsers import StrictMultiPartParser
from reports import selectors, submission, texts, tracking
from reports.media import FILE_TOO_LARGE, media_clean, media_clean_all
from reports.serializers import AreaOutput, FormOutput, MyReportOutput, SubmittedOutput, TrackOutput
from units.models import Unit
from usage.models import Kind
from usage.recording import usage_record

REPORT_NOT_VISIBLE = ErrorCode("not_found", "Không tìm thấy tin trong danh sách của bạn.", 404)
TOKEN_PATTERN = r"^[A-Za-z0-9_\-:.=+/,]+$"  # Zalo tokens; the fake location token has a comma
TOKEN_INVALID = {"invalid": "Mã không hợp lệ."}
LOCATION_PAIR = ErrorCode("report_location_pair", "Gửi cả location_token và zalo_access_token.", 400)
# "When did it happen" later than now: relative to the clock, so no schema can say it.
OCCURRED_IN_FUTURE = ErrorCode("report_occurred_in_future", "Thời gian xảy ra không thể ở tương lai.", 400)
# An upload whose file part is empty or lost: a zero-byte file is a valid binary for the schema, not a photo.
FILE_MISSING = ErrorCode("file_missing", "Chưa nhận được ảnh hoặc video: tệp trống hoặc chưa được chọn.", 400)


# Room for the text fields of the multipart body besides the files.
FIELDS_ALLOWANCE = 64 * 1024


def refuse_oversized_body(request: Request, limit: int) -> None:
    """413 from the Content-Length alone, before Django spools the body to disk."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + FIELDS_ALLOWANCE:
        message = f"Tổng dung lượng gửi lên tối đa {limit // (1024 * 1024)} MB."
        raise ApplicationError(FILE_TOO_LARGE, message=message, fields={"files": [message]})


class ReportFormApi(APIView):
    """Biểu mẫu gửi tin: thông báo khẩn cấp 113, các loại tin và trường từng loại hỏi, lời giải thích
    về ẩn danh (ai thấy danh tính của bạn), giới hạn ảnh/video."""

    @extend_schema(responses={200: FormOutput}, operation_id="reports_form")
    def get(self, request: Request) -> Response:
        body = {
            "emergency": {"number": settings.EMERGENCY_NUMBER, "text": texts.emergency_notice()},
            "anonymity": {"anonymous": texts.anonymous_text(), "named": texts.NAMED_TEXT},
            "false_report_warning": texts.FALSE_REPORT_WARNING,
            "limits": {
                "max_files": settings.REPORT_MAX_FILES,
                "max_photo_bytes": settings.REPORT_MAX_PHOTO_BYTES,
                "max_video_bytes": settings.REPORT_MAX_VIDEO_BYTES,
                "max_total_bytes": settings.REPORT_MAX_TOTAL_BYTES,
            },
            "kind_guide": texts.KIND_GUIDE,
            "kinds": list(selectors.report_kind_list()),
        }
        return Response(FormOutput(body).data)


class ReportAreaListApi(ListAPIView):
    """Xã/phường (đơn vị Công an) để chọn nơi xảy ra khi không dùng vị trí."""

    serializer_class = AreaOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return Unit.objects.none()
        return selectors.report_area_list()

    @extend_schema(operation_id="reports_areas_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "binary"}})
class FilesField(serializers.ListField):
    child = serializers.FileField()


class ReportSubmitApi(NoStoreMixin, APIView):
    """Gửi tin báo, tố giác tội phạm, phản ánh, kiến nghị hoặc vi phạm giao thông (multipart/form-data).

    Đăng nhập không bắt buộc. Gửi ẩn danh: không lưu tài khoản, liên hệ, địa chỉ IP. Trả về mã theo dõi
    và mã bí mật (chỉ hiện một lần). Ảnh được kiểm tra theo nội dung và mã hóa lại không EXIF/GPS; video được
    ffmpeg đóng gói lại không siêu dữ liệu (503 `video_unavailable` khi máy chủ thiếu ffmpeg). Nhật ký máy chủ
    của đường dẫn này không ghi địa chỉ IP, thiết bị, mã yêu cầu (không có header X-Request-ID trả về).
    """

    authentication_classes = [CitizenTokenAuthentication]
    parser_classes = [StrictMultiPartParser]
    extra_error_statuses = ("401", "413", "503")

    class SubmitInput(serializers.Serializer):
        kind = serializers.SlugField(max_length=40)
        description = serializers.CharField(min_length=10, max_length=5000, trim_whitespace=True)
        is_anonymous = StrictBooleanField()
        occurred_at = serializers.DateTimeField(required=False)
        address = serializers.CharField(required=False, max_length=300, allow_blank=True)
        area = StrictIntegerField(required=False, min_value=1, max_value=2**62)
        location_token = serializers.RegexField(
            TOKEN_PATTERN,
            required=False,
            max_length=2000,
            error_messages=TOKEN_INVALID,  # type: ignore[arg-type]
            help_text="Từ getLocation; gửi cùng zalo_access_token (cả hai hoặc không cái nào)",
        )
        zalo_access_token = serializers.RegexField(
            TOKEN_PATTERN,
            required=False,
            max_length=2000,
            error_messages=TOKEN_INVALID,  # type: ignore[arg-type]
            help_text="Gửi cùng location_token (cả hai hoặc không cái nào)",
        )
        vehicle_plate = serializers.RegexField(
            r"^[0-9A-Za-z][0-9A-Za-z .\-]{2,15}$",
            required=False,
            error_messages={"invalid": "Biển số chỉ gồm chữ, số, dấu chấm và gạch ngang (ví dụ 29A-123.45)."},
        )
        contact_name = serializers.CharField(required=False, max_length=100, allow_blank=True)
        contact_phone = serializers.RegexField(
            r"^\+?[0-9][0-9 .]{7,14}$",
            required=False,
            allow_blank=True,
            error_messages={"invalid": "Số điện thoại không hợp lệ (ví dụ 0912345678)."},
        )
        files = FilesField(required=False, max_length=50)
        media = serializers.ListField(
            child=serializers.RegexField(TOKEN_PATTERN, max_length=200, error_messages=TOKEN_INVALID),  # type: ignore[arg-type]
            required=False,
            max_length=20,
            help_text="Mã của ảnh/video đã tải lên trước qua POST /reports/media (openMediaPicker)",
        )

        def validate_occurred_at(self, value):
            if value > timezone.now() + timezone.timedelta(minutes=10):
                message = "Thời gian xảy ra không thể ở tương lai."
                raise ApplicationError(OCCURRED_IN_FUTURE, message=message, fields={"occurred_at": [message]})
            return value

        # Both or neither: said in the fields' descriptions. The JSON Schema for it needs "not", which
        # schemathesis 4.32 cannot generate next to the binary files of this multipart body.
        def validate(self, attrs):
            if ("location_token" in attrs) != ("zalo_access_token" in attrs):
                message = "Gửi cả location_token và zalo_access_token."
                raise ApplicationError(LOCATION_PAIR, message=message, fields={"location_token": [message]})
            return attrs

    @extend_schema(
        request={"multipart/form-data": SubmitInput},
        responses={201: SubmittedOutput},
        operation_id="reports_create",
    )
    def post(self, request: Request) -> Response:
        refuse_oversized_body(request, settings.REPORT_MAX_TOTAL_BYTES)
        data = self.SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        citizen = request.user if isinstance(request.user, Citizen) else None
        kind = selectors.report_kind_list().filter(code=values["kind"]).first()
        if kind is None:
            raise ApplicationError(submission.KIND_INVALID, fields={"kind": [submission.KIND_INVALID.message]})
        area = None
        if "area" in values:
            area = selectors.report_area_list().filter(pk=values["area"]).first()
            if area is None:
                raise ApplicationError(
                    submission.LOCATION_REQUIRED,
                    message="Xã/phường đã chọn không tồn tại.",
                    fields={"area": ["Xã/phường không tồn tại."]},
                )
        device_id = request.headers.get("X-Device-Id", "")[:64]
        submission.report_submit_allowed(client_ip=client_ip(request), citizen=citizen, device_id=device_id)
        files = media_clean_all(request.FILES.getlist("files"))
        staged = submission.staged_media_for(tokens=values.get("media", []))
        latitude = longitude = None
        if "location_token" in values:
            latitude, longitude = submission.location_from_token(
                zalo_access_token=values["zalo_access_token"], location_token=values["location_token"]
            )
        submitted = submission.report_submit(
            kind=kind,
            description=values["description"],
            files=files,
            is_anonymous=values["is_anonymous"],
            citizen=citizen,
            client_ip=client_ip(request),
            occurred_at=values.get("occurred_at"),
            address=values.get("address", ""),
            area=area,
            latitude=latitude,
            longitude=longitude,
            vehicle_plate=values.get("vehicle_plate", ""),
            contact_name=values.get("contact_name", ""),
            contact_phone=values.get("contact_phone", ""),
            staged=staged,
        )
        report = submitted.report
        usage_record(Kind.REPORT, key=kind.code, unit_id=report.unit_id)
        body = {
            "code": report.code,
            "secret": submitted.secret,
            "kind": kind.name,
            "is_anonymous": report.is_anonymous,
            "received_at": report.received_at,
            "due_date": report.due_date,
            "due_date_label": texts.deadline_label(report),
        }
        return Response(SubmittedOutput(body).data, status=status.HTTP_201_CREATED)


class ReportTrackApi(NoStoreMixin, APIView):
    """Tra cứu tin đã gửi bằng mã theo dõi và mã bí mật: trạng thái, các mốc thời gian và trả lời.

    Mã không tồn tại và mã bí mật sai nhận cùng một câu trả lời; giới hạn theo IP và theo mã.
    """

    extra_error_statuses = ("404", "429")

    class TrackInput(serializers.Serializer):
        # Checked after with_clean_codes has folded spaces, dash look-alikes and case away (common/codes.py), so the
        # schema states the folded form: a pattern with spaces would promise that "  ABCDEFG" (7 after folding) passes.
        code = serializers.RegexField(
            r"^[A-Za-z0-9\-]{8,16}$",
            help_text="Mã theo dõi, ví dụ PA-7KQ2M9XH",
            error_messages={"invalid": "Mã theo dõi gồm chữ và số, ví dụ PA-7KQ2M9XH."},
        )
        secret = serializers.RegexField(
            r"^[A-Za-z0-9\-]{6,20}$",
            help_text="Mã bí mật nhận khi gửi",
            error_messages={"invalid": "Mã bí mật gồm chữ và số, nhận được khi gửi tin."},
        )

    @extend_schema(request=TrackInput, responses={200: TrackOutput}, operation_id="reports_track")
    def post(self, request: Request) -> Response:
        data = self.TrackInput(data=with_clean_codes(request.data, "code", "secret"))
        data.is_valid(raise_exception=True)
        report = tracking.report_track(
            code=data.validated_data["code"], secret=data.validated_data["secret"], client_ip=client_ip(request)
        )
        return Response(TrackOutput(report).data)


class MyReportListApi(NoStoreMixin, ListAPIView):
    """Tin báo, phản ánh của tôi: các tin bạn đã gửi kèm danh tính (tin ẩn danh không gắn với tài khoản nên không có ở đây)."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    serializer_class = MyReportOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.report_for_citizen_view().none()
        return selectors.report_list_for_citizen(citizen=self.request.user)

    @extend_schema(operation_id="me_reports_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MyReportDetailApi(NoStoreMixin, APIView):
    """Một tin của tôi: trạng thái, các mốc thời gian và trả lời."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    extra_error_statuses = ("404",)

    @extend_schema(responses={200: TrackOutput}, operation_id="me_reports_retrieve")
    def get(self, request: Request, code: str) -> Response:
        report = (
            selectors.report_list_for_citizen(citizen=citizen_of(request))
            .filter(code=tracking.code_normalize(code_clean(code)))
            .first()
        )
        if report is None:
            raise ApplicationError(REPORT_NOT_VISIBLE)
        return Response(TrackOutput(report).data)


class MediaOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi kèm tin trong trường media")
    media_type = serializers.ChoiceField(choices=["photo", "video"])
    size = serializers.IntegerField()


class ReportMediaUploadApi(NoStoreMixin, APIView):
    """Tải lên trước một ảnh/video (Zalo openMediaPicker gửi từng tệp tới serverUploadUrl); trả về mã để gửi
    kèm tin trong trường `media`. Kiểm tra như khi gửi tin: theo nội dung, giới hạn dung lượng, xóa EXIF/GPS và
    siêu dữ liệu video; nhật ký không ghi địa chỉ IP, thiết bị, mã yêu cầu."""

    parser_classes = [StrictMultiPartParser]
    extra_error_statuses = ("413", "503")

    class UploadInput(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": UploadInput}, responses={201: MediaOutput}, operation_id="reports_media_create"
    )
    def post(self, request: Request) -> Response:
        refuse_oversized_body(request, max(settings.REPORT_MAX_PHOTO_BYTES, settings.REPORT_MAX_VIDEO_BYTES))
        data = self.UploadInput(data=request.data)
        if not data.is_valid():
            if {error.code for error in data.errors.get("file", [])} & {"required", "empty", "no_name"}:
                raise ApplicationError(FILE_MISSING)
            data.is_valid(raise_exception=True)
        ratelimit.enforce(
            ratelimit.Limit("report-upload-ip", settings.REPORT_UPLOADS_PER_IP_PER_HOUR, 3600), client_ip(request)
        )
        media = media_clean(data.validated_data["file"], index=0)
        token = submission.report_media_stage(media=media)
        body = {"token": token, "media_type": media.media_type, "size": len(media.content)}
        return Response(MediaOutput(body).data, status=status.HTTP_201_CREATED)
