"""Writes of "Hỏi cán bộ": a citizen asks or replies (Mini App or OA chat), an officer answers, closes, marks spam,
or turns an answer into a handbook draft. Every status change is guarded here; the answer reaches the citizen
through the notifications outbox (notify_citizen), written in the same transaction."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from citizens.models import Citizen
from common import ratelimit
from common.errors import THROTTLED, ApplicationError, ErrorCode
from dossiers.models import Dossier
from dossiers.selectors import dossier_list_for_citizen
from notifications.models import Kind
from notifications.services import notify_citizen
from procedures.models import Faq, Procedure
from publishing.models import PublishState
from questions.models import Author, Question, QuestionMessage, QuestionSource, QuestionStatus
from units.models import Unit
from units.selectors import unit_root
from zalo.webhook import HandlerRetry

logger = logging.getLogger(__name__)

QUESTION_NOT_FOUND = ErrorCode("not_found", "Không tìm thấy câu hỏi này trong danh sách của bạn.", 404)
DOSSIER_NOT_YOURS = ErrorCode(
    "question_dossier_not_found",
    "Không tìm thấy hồ sơ này trong «Hồ sơ của tôi». Bạn chỉ hỏi được về hồ sơ khai số điện thoại Zalo đã xác minh "
    "cho bạn.",
    404,
)
PROCEDURE_NOT_FOUND = ErrorCode("question_procedure_not_found", "Không tìm thấy thủ tục này.", 404)
UNIT_NOT_FOUND = ErrorCode("question_unit_not_found", "Không tìm thấy đơn vị này hoặc đơn vị đã ngừng hoạt động.", 404)
QUESTION_CLOSED = ErrorCode(
    "question_closed", "Câu hỏi này đã đóng. Nếu bạn còn cần hỏi, hãy đặt một câu hỏi mới.", 409
)
QUESTION_ALREADY_CLOSED = ErrorCode("question_already_closed", "Câu hỏi đã đóng hoặc đã đánh dấu tin rác.", 409)
NO_ANSWER_YET = ErrorCode("question_no_answer", "Câu hỏi chưa có câu trả lời nào của cán bộ.", 409)
NO_ANSWERING_UNIT = ErrorCode(
    "question_no_unit", "Hệ thống chưa sẵn sàng nhận câu hỏi (chưa có đơn vị trả lời). Vui lòng thử lại sau.", 503
)
BUSY_MESSAGE = "Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút."


# --- routing -------------------------------------------------------------------------------------------------


def question_default_unit() -> Unit:
    """Who answers what names no procedure, dossier or unit: QUESTIONS_DEFAULT_UNIT_CODE, else the reports'
    reception unit (REPORT_RECEPTION_UNIT_CODE), else the root of the unit tree."""
    for code in (settings.QUESTIONS_DEFAULT_UNIT_CODE, settings.REPORT_RECEPTION_UNIT_CODE):
        unit = Unit.objects.filter(code=code, is_active=True).first() if code else None
        if unit is not None:
            return unit
    root = unit_root()
    if root is None:
        raise ApplicationError(NO_ANSWERING_UNIT)
    return root


def question_route(*, procedure: Procedure | None, dossier: Dossier | None, unit: Unit | None) -> Unit:
    """The dossier's unit; else the unit the citizen picked; else the procedure's receiving unit nearest the top
    of the tree; else the default unit."""
    if dossier is not None:
        return dossier.unit
    if unit is not None:
        return unit
    if procedure is not None:
        receiving = procedure.units.filter(is_active=True).order_by("depth", "display_order", "id").first()
        if receiving is not None:
            return receiving
    return question_default_unit()


def question_dossier_own(*, citizen: Citizen, dossier_id: int) -> Dossier:
    """The citizen's own dossier (filed under the phone Zalo verified for them), else 404 whether it exists or not."""
    dossier = dossier_list_for_citizen(citizen=citizen).select_related("unit", "procedure").filter(pk=dossier_id)
    found = dossier.first()
    if found is None:
        raise ApplicationError(DOSSIER_NOT_YOURS)
    return found


def question_procedure_published(*, procedure_id: int) -> Procedure:
    procedure = Procedure.objects.published().filter(pk=procedure_id).first()
    if procedure is None:
        raise ApplicationError(PROCEDURE_NOT_FOUND)
    return procedure


def question_unit_active(*, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first()
    if unit is None:
        raise ApplicationError(UNIT_NOT_FOUND)
    return unit


# --- limits --------------------------------------------------------------------------------------------------


def _limits(*, new_question: bool) -> list[ratelimit.Limit]:
    limits = [ratelimit.Limit("question-message", settings.QUESTIONS_MESSAGES_PER_CITIZEN_PER_HOUR, 3600)]
    if new_question:
        limits.append(ratelimit.Limit("question-ask", settings.QUESTIONS_ASK_PER_CITIZEN_PER_DAY, 86400))
    return limits


def question_limit_take(*, citizen: Citizen, new_question: bool) -> None:
    """Count one message (and one new question) of this citizen, atomically; refuse over the limit with a
    Vietnamese 429 that says which limit; Redis unreachable: refuse (fail closed, these are writes)."""
    limits = _limits(new_question=new_question)
    try:
        refused, retry_after = ratelimit.hit_chain([(limit, f"c{citizen.pk}") for limit in limits])
    except redis.RedisError as exc:
        raise ApplicationError(THROTTLED, message=BUSY_MESSAGE) from exc
    if refused is None:
        return
    if refused.name == "question-ask":
        message = f"Mỗi ngày bạn đặt được tối đa {refused.count} câu hỏi mới. Vui lòng thử lại vào ngày mai."
    else:
        message = f"Bạn đã gửi {refused.count} tin nhắn trong một giờ. Vui lòng chờ cán bộ trả lời rồi gửi tiếp."
    raise ApplicationError(THROTTLED, message=message, headers={"Retry-After": str(retry_after)})


# --- citizens ------------------------------------------------------------------------------------------------


def _subject(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:199] + "…"


@transaction.atomic
def question_ask(
    *,
    citizen: Citizen,
    text: str,
    procedure: Procedure | None = None,
    dossier: Dossier | None = None,
    unit: Unit | None = None,
    source: str = QuestionSource.MINIAPP,
    zalo_msg_id: str | None = None,
) -> Question:
    """A new conversation with its first message, routed to the responsible unit. The caller has checked the
    dossier is the citizen's own (question_dossier_own) and taken the limit (question_limit_take)."""
    if dossier is not None and procedure is None:
        procedure = dossier.procedure
    now = timezone.now()
    question = Question.objects.create(
        citizen=citizen,
        unit=question_route(procedure=procedure, dossier=dossier, unit=unit),
        procedure=procedure,
        dossier=dossier,
        subject=_subject(text),
        source=source,
        status=QuestionStatus.OPEN,
        waiting_since=now,
        last_message_at=now,
    )
    QuestionMessage.objects.create(question=question, author=Author.CITIZEN, text=text, zalo_msg_id=zalo_msg_id)
    return question


@transaction.atomic
def question_reply(
    *, citizen: Citizen, question: Question, text: str, zalo_msg_id: str | None = None
) -> QuestionMessage:
    """The citizen writes again in their thread: it waits for an answer again (since the first unanswered line)."""
    question = Question.objects.select_for_update().get(pk=question.pk, citizen=citizen)
    if question.is_closed:
        raise ApplicationError(QUESTION_CLOSED)
    message = QuestionMessage.objects.create(
        question=question, author=Author.CITIZEN, text=text, zalo_msg_id=zalo_msg_id
    )
    now = timezone.now()
    question.status = QuestionStatus.OPEN
    question.waiting_since = question.waiting_since or now
    question.last_message_at = now
    question.save(update_fields=["status", "waiting_since", "last_message_at", "updated_at"])
    return message


# --- the OA chat ---------------------------------------------------------------------------------------------

# The IT officers' alert enrolment ("CANHBAO <code>", ops/alert_zalo.py) is a command to the system, not a question.
_COMMAND = re.compile(r"^\s*(?:CANHBAO|CẢNH\s*BÁO|CANH\s+BAO)\b", re.I)


def question_from_oa_message(*, follower_id: str, app_user_id: str, text: str, msg_id: str) -> QuestionMessage | None:
    """A text the citizen sent to the OA chat: a message in their open conversation, or a new one routed to the
    default unit. The same msg_id makes one message however often Zalo delivers it. None: nothing to record (a
    command, an empty text, an unknown sender, over the limit, a repeat)."""
    text = text.strip()[: settings.QUESTIONS_MAX_CHARS]
    if not text or not msg_id or _COMMAND.match(text):
        return None
    if QuestionMessage.objects.filter(zalo_msg_id=msg_id).exists():
        return None
    citizen = _oa_citizen(follower_id=follower_id, app_user_id=app_user_id)
    if citizen is None:
        logger.info("OA message from a sender without an app user id: not recorded")
        return None
    open_question = (
        Question.objects.filter(citizen=citizen, status__in=[QuestionStatus.OPEN, QuestionStatus.ANSWERED])
        .order_by("-last_message_at", "-id")
        .first()
    )
    try:
        question_limit_take(citizen=citizen, new_question=open_question is None)
    except ApplicationError as exc:
        if exc.message == BUSY_MESSAGE:  # Redis unreachable: the webhook task tries the event again later
            raise HandlerRetry("question limits unavailable") from exc
        logger.info("OA message over the citizen's question limit: not recorded")
        return None
    try:
        if open_question is not None:
            return question_reply(citizen=citizen, question=open_question, text=text, zalo_msg_id=msg_id)
        question = question_ask(citizen=citizen, text=text, source=QuestionSource.OA, zalo_msg_id=msg_id)
    except IntegrityError:  # the same msg_id recorded meanwhile by a parallel delivery
        return None
    return question.messages.get()


def _oa_citizen(*, follower_id: str, app_user_id: str) -> Citizen | None:
    """The citizen behind an OA follower: by the Mini App user id Zalo sends along (creating the account, as
    signing in to the Mini App would: the webhook is signed by Zalo), else by the follower id already known."""
    if app_user_id:
        citizen, _ = Citizen.objects.get_or_create(zalo_user_id=app_user_id)
        if follower_id and citizen.oa_follower_id != follower_id:
            Citizen.objects.filter(pk=citizen.pk).update(oa_follower_id=follower_id)
            citizen.oa_follower_id = follower_id
        return citizen
    if follower_id:
        return Citizen.objects.filter(oa_follower_id=follower_id).order_by("pk").first()
    return None


# --- officers ------------------------------------------------------------------------------------------------


def question_link(question: Question) -> str:
    return settings.MINIAPP_QUESTION_URL.format(app_id=quote(settings.ZALO_APP_ID or ""), id=question.pk)


def _officer_label(officer: User, unit: Unit) -> str:
    return f"Cán bộ {unit.name}"[:150]


@transaction.atomic
def question_answer(*, question: Question, officer: User, text: str) -> QuestionMessage:
    """The officer's answer: recorded in the thread and handed to the outbox in the same transaction (one message
    per answer, whatever the retries: the key names the answer)."""
    question = Question.objects.select_for_update().select_related("unit", "citizen").get(pk=question.pk)
    if question.is_closed:
        raise ApplicationError(QUESTION_ALREADY_CLOSED)
    message = QuestionMessage.objects.create(
        question=question,
        author=Author.OFFICER,
        officer=officer,
        officer_label=_officer_label(officer, question.unit),
        text=text,
    )
    now = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.waiting_since = None
    question.answered_at = now
    question.last_message_at = now
    question.save(update_fields=["status", "waiting_since", "answered_at", "last_message_at", "updated_at"])
    notify_citizen(
        key=f"question-answer:{message.pk}",
        kind=Kind.QUESTION_ANSWER,
        citizen=question.citizen,
        unit=question.unit,
        values={"unit": question.unit.name, "question": question.subject, "reply": text},
        link=question_link(question),
        dossier=question.dossier,
    )
    return message


@transaction.atomic
def question_close(*, question: Question, officer: User, spam: bool = False) -> Question:
    """Close the conversation (or mark it spam: nobody is messaged, it leaves the unanswered list)."""
    updated = Question.objects.filter(pk=question.pk, status__in=[QuestionStatus.OPEN, QuestionStatus.ANSWERED]).update(
        status=QuestionStatus.SPAM if spam else QuestionStatus.CLOSED,
        waiting_since=None,
        closed_at=timezone.now(),
        closed_by=officer,
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise ApplicationError(QUESTION_ALREADY_CLOSED)
    question.refresh_from_db()
    return question


# Long digit runs (phone numbers, citizen ids, dossier codes) do not belong in public content.
_DIGITS = re.compile(r"\d[\d .\-]{7,}\d")


def _scrub(text: str) -> str:
    return _DIGITS.sub("…", text)


@transaction.atomic
def question_faq_draft(*, question: Question, officer: User) -> Faq:
    """A handbook entry draft from the question and its latest answer, for editors to rewrite and send through the
    approval workflow (publishing). Long digit runs are removed; the review note asks for a check of personal data.
    Once per question: a second call returns the same draft."""
    question = (
        Question.objects.select_for_update(of=("self",)).select_related("faq", "procedure", "unit").get(pk=question.pk)
    )
    if question.faq is not None:
        return question.faq
    answer = question.messages.filter(author=Author.OFFICER).order_by("-created_at", "-id").first()
    if answer is None:
        raise ApplicationError(NO_ANSWER_YET)
    first = question.messages.filter(author=Author.CITIZEN).order_by("created_at", "id").first()
    faq = Faq.objects.create(
        question=_scrub(" ".join((first.text if first else question.subject).split()))[:500],
        answer=_scrub(answer.text),
        procedure=question.procedure,
        state=PublishState.DRAFT,
        # The unit that answered owns the draft: its editors rewrite it, its approvers approve it (publishing).
        owner_unit=question.unit,
        last_edited_by=officer,
        review_note=(
            f"Tạo từ câu trả lời của {question.unit.name} cho câu hỏi #{question.pk} (bởi {officer.get_username()}). "
            "Trước khi gửi duyệt: viết lại câu hỏi cho chung, xóa mọi thông tin cá nhân (tên, số điện thoại, "
            "địa chỉ, mã hồ sơ)."
        ),
    )
    question.faq = faq
    question.save(update_fields=["faq", "updated_at"])
    return faq
