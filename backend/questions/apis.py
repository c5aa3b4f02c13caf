"""The citizen's side of "Hỏi cán bộ": ask, list my questions, read one thread, reply. Every endpoint is for the
signed-in Zalo citizen (CitizenApi) and reads only their own threads."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from citizens.apis import CitizenApi
from citizens.authentication import CitizenTokenAuthentication, IsCitizen, citizen_of
from common.apis import NoStoreMixin
from common.errors import ApplicationError
from common.fields import JsonIntegerField
from questions import selectors, services
from questions.models import Author, Question, QuestionStatus

MAX_ID = 2**62


class JsonTextField(serializers.CharField):
    """A JSON body's string: DRF's CharField also takes numbers and booleans, which the schema does not allow."""

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def text_field() -> serializers.CharField:
    low, high = settings.QUESTIONS_MIN_CHARS, settings.QUESTIONS_MAX_CHARS
    return JsonTextField(
        min_length=low,
        max_length=high,
        trim_whitespace=True,
        help_text=f"Từ {low} đến {high} ký tự",
        error_messages={
            "required": "Vui lòng nhập nội dung câu hỏi.",
            "blank": "Vui lòng nhập nội dung câu hỏi.",
            "min_length": f"Nội dung quá ngắn: viết ít nhất {low} ký tự để cán bộ hiểu bạn cần gì.",
            "max_length": f"Nội dung quá dài: tối đa {high} ký tự.",
            "invalid": "Nội dung phải là chữ.",
        },
    )


def id_field(help_text: str) -> JsonIntegerField:
    return JsonIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=help_text,
        error_messages={
            "invalid": "Mã không hợp lệ.",
            "min_value": "Mã không hợp lệ.",
            "max_value": "Mã không hợp lệ.",
        },
    )


class RefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DossierRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


class MessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.ChoiceField(choices=Author.choices, help_text="citizen: bạn; officer: cán bộ")
    author_label = serializers.SerializerMethodField(help_text='"Bạn" hoặc "Cán bộ <đơn vị>"')
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_author_label(self, message) -> str:
        return "Bạn" if message.author == Author.CITIZEN else message.officer_label or "Cán bộ"


# What the citizen is told of a status: spam is "closed" to them (an officer's judgement, not a message to argue with).
CITIZEN_STATUS = {QuestionStatus.SPAM: QuestionStatus.CLOSED}


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    status = serializers.SerializerMethodField(help_text="open: chờ trả lời; answered: đã trả lời; closed: đã đóng")
    status_display = serializers.SerializerMethodField()
    unit = RefOutput()
    procedure = RefOutput(allow_null=True)
    dossier = DossierRefOutput(allow_null=True)
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)

    def _status(self, question: Question) -> QuestionStatus:
        status = QuestionStatus(question.status)
        return CITIZEN_STATUS.get(status, status)

    def get_status(self, question: Question) -> str:
        return self._status(question).value

    def get_status_display(self, question: Question) -> str:
        return self._status(question).label


class ThreadOutput(QuestionOutput):
    messages = MessageOutput(many=True, source="messages.all")
    can_reply = serializers.SerializerMethodField(help_text="Còn nhắn tiếp được không (câu hỏi chưa đóng)")

    def get_can_reply(self, question: Question) -> bool:
        return not question.is_closed


class QuestionListApi(NoStoreMixin, ListAPIView):
    """Câu hỏi của tôi (GET, mới nhất trước) và đặt câu hỏi mới (POST) cho cán bộ.

    Câu hỏi về một hồ sơ chỉ gửi được cho hồ sơ của chính bạn (khai số điện thoại Zalo đã xác minh cho bạn); câu
    hỏi đến đơn vị giải quyết hồ sơ, hoặc đơn vị tiếp nhận thủ tục, hoặc đơn vị bạn chọn. Giới hạn số câu hỏi mỗi
    ngày và số tin nhắn mỗi giờ (429)."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    serializer_class = QuestionOutput
    extra_error_statuses = ("404", "429", "503")

    class AskInput(serializers.Serializer):
        text = text_field()
        procedure_id = id_field("Thủ tục được hỏi (tùy chọn)")
        dossier_id = id_field("Hồ sơ của bạn được hỏi (tùy chọn)")
        unit_id = id_field("Đơn vị bạn muốn hỏi (tùy chọn; bỏ qua nếu hỏi về hồ sơ)")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Question.objects.none()
        return selectors.question_list_for_citizen(citizen=citizen_of(self.request))

    @extend_schema(operation_id="questions_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=AskInput, responses={201: ThreadOutput}, operation_id="questions_create")
    def post(self, request: Request) -> Response:
        citizen = citizen_of(request)
        data = self.AskInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        dossier = procedure = unit = None
        if "dossier_id" in values:
            dossier = services.question_dossier_own(citizen=citizen, dossier_id=values["dossier_id"])
        if "procedure_id" in values:
            procedure = services.question_procedure_published(procedure_id=values["procedure_id"])
        if "unit_id" in values:
            unit = services.question_unit_active(unit_id=values["unit_id"])
        services.question_limit_take(citizen=citizen, new_question=True)
        question = services.question_ask(
            citizen=citizen, text=values["text"], procedure=procedure, dossier=dossier, unit=unit
        )
        thread = selectors.question_thread_for_citizen(citizen=citizen).get(pk=question.pk)
        return Response(ThreadOutput(thread).data, status=status.HTTP_201_CREATED)


class QuestionDetailApi(CitizenApi):
    """Một câu hỏi của tôi với mọi tin nhắn, cả câu trả lời của cán bộ."""

    extra_error_statuses = ("404",)

    @extend_schema(responses={200: ThreadOutput}, operation_id="questions_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        thread = selectors.question_thread_for_citizen(citizen=citizen_of(request)).filter(pk=pk).first()
        if thread is None:
            raise ApplicationError(services.QUESTION_NOT_FOUND)
        return Response(ThreadOutput(thread).data)


class QuestionReplyApi(CitizenApi):
    """Nhắn tiếp trong câu hỏi của tôi (câu hỏi chưa đóng); câu hỏi lại chờ cán bộ trả lời."""

    extra_error_statuses = ("404", "409", "429")

    class ReplyInput(serializers.Serializer):
        text = text_field()

    @extend_schema(request=ReplyInput, responses={201: ThreadOutput}, operation_id="questions_reply")
    def post(self, request: Request, pk: int) -> Response:
        citizen = citizen_of(request)
        data = self.ReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = selectors.question_list_for_citizen(citizen=citizen).filter(pk=pk).first()
        if question is None:
            raise ApplicationError(services.QUESTION_NOT_FOUND)
        if question.is_closed:
            raise ApplicationError(services.QUESTION_CLOSED)
        services.question_limit_take(citizen=citizen, new_question=False)
        services.question_reply(citizen=citizen, question=question, text=data.validated_data["text"])
        thread = selectors.question_thread_for_citizen(citizen=citizen).get(pk=pk)
        return Response(ThreadOutput(thread).data, status=status.HTTP_201_CREATED)
