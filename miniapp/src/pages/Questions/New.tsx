import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "react-router-dom";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { TextField } from "../../components/TextField";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import * as queryKeys from "../../services/queries/keys";
import { QUESTION_MAX_CHARS, askQuestion, questionContextFrom, questionTextProblem } from "../../services/questions";

/** The ask form: one text, about what the page that opened it names (a procedure, one of my dossiers, a unit). */
export default function NewQuestionPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const context = questionContextFrom(location.search);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const about = context.dossierId
    ? "Câu hỏi về hồ sơ của bạn: cán bộ của đơn vị đang giải quyết hồ sơ sẽ trả lời."
    : context.procedureId
      ? "Câu hỏi về thủ tục này: cán bộ của đơn vị tiếp nhận thủ tục sẽ trả lời."
      : context.unitId
        ? "Câu hỏi gửi tới đơn vị bạn vừa xem."
        : "Câu hỏi chung: cán bộ Công an tỉnh trả lời hoặc chuyển đơn vị phụ trách.";

  const submit = async () => {
    const problem = questionTextProblem(text);
    setError(problem);
    setFormError(null);
    if (problem) return;
    setSending(true);
    try {
      const thread = await askQuestion(text, context);
      void queryClient.invalidateQueries({ queryKey: queryKeys.myQuestionsAll });
      queryClient.setQueryData(queryKeys.myQuestion(thread.id), thread);
      navigate(paths.question(thread.id), { replace: true });
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fields.text?.join(" ") : undefined;
      if (fieldError) setError(fieldError);
      else setFormError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Page className="page">
      <AppHeader title="Đặt câu hỏi" onBack={() => navigate(-1)} />
      <main className="page__body">
        <form
          className="card"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <p className="muted">{about}</p>
          <TextField
            multiline
            label="Câu hỏi của bạn"
            rows={6}
            maxLength={QUESTION_MAX_CHARS}
            value={text}
            error={error}
            placeholder="Ví dụ: Làm căn cước cho con 5 tuổi cần mang giấy tờ gì?"
            onChange={(event) => setText(event.target.value)}
          />
          <p className="muted">
            Không cần ghi số căn cước hay số điện thoại: cán bộ xem được hồ sơ của bạn trong hệ thống.
          </p>
          {formError ? (
            <p className="inline-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={sending}>
            {sending ? "Đang gửi..." : "Gửi câu hỏi"}
          </button>
        </form>
      </main>
    </Page>
  );
}
