import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ErrorState, ListSkeleton } from "../../components/States";
import { TextField } from "../../components/TextField";
import { ApiError, errorMessage } from "../../services/api";
import { formatDateTime } from "../../services/format";
import * as queryKeys from "../../services/queries/keys";
import { useMyQuestion } from "../../services/queries/questions";
import { QUESTION_MAX_CHARS, questionTextProblem, replyToQuestion } from "../../services/questions";
import type { QuestionThread } from "../../services/types";

/** One conversation: my messages and the officers' answers, oldest first, and a reply box while it is open. */
export default function QuestionThreadPage() {
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const thread = useMyQuestion(id);
  return (
    <Page className="page">
      <AppHeader title="Câu hỏi của tôi" onBack={() => navigate(-1)} />
      <main className="page__body">
        {thread.isPending ? (
          <ListSkeleton count={3} label="Đang tải câu hỏi..." />
        ) : thread.isError ? (
          <ErrorState message={errorMessage(thread.error)} onRetry={() => void thread.refetch()} retrying={thread.isFetching} />
        ) : (
          <ThreadView thread={thread.data} />
        )}
      </main>
    </Page>
  );
}

function ThreadView({ thread }: { thread: QuestionThread }) {
  return (
    <>
      <section className="card">
        <p className="muted">
          Gửi tới {thread.unit.name}
          {thread.procedure ? ` · thủ tục ${thread.procedure.name}` : ""}
          {thread.dossier ? ` · hồ sơ ${thread.dossier.code}` : ""}
        </p>
        <p>
          <strong>{thread.status_display}</strong>
        </p>
      </section>
      <ol className="thread" aria-label="Các tin nhắn">
        {thread.messages.map((message) => (
          <li key={message.id} className={`thread__message thread__message--${message.author}`}>
            <p className="thread__who">
              <strong>{message.author_label}</strong> · <span className="muted">{formatDateTime(message.created_at)}</span>
            </p>
            <p className="thread__text">{message.text}</p>
          </li>
        ))}
      </ol>
      {thread.status === "open" ? <p className="muted">Cán bộ chưa trả lời. Câu trả lời sẽ hiện ở đây và được gửi qua Zalo.</p> : null}
      {thread.can_reply ? <ReplyForm id={thread.id} /> : <p className="muted">Câu hỏi đã đóng. Nếu cần, hãy đặt câu hỏi mới.</p>}
    </>
  );
}

function ReplyForm({ id }: { id: number }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async () => {
    const problem = questionTextProblem(text);
    setError(problem);
    if (problem) return;
    setSending(true);
    try {
      const thread = await replyToQuestion(id, text);
      queryClient.setQueryData(queryKeys.myQuestion(id), thread);
      void queryClient.invalidateQueries({ queryKey: queryKeys.myQuestions });
      setText("");
    } catch (err) {
      setError(err instanceof ApiError && err.fields.text ? err.fields.text.join(" ") : errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className="card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        multiline
        label="Nhắn thêm cho cán bộ"
        rows={4}
        maxLength={QUESTION_MAX_CHARS}
        value={text}
        error={error}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="btn btn--primary btn--block" disabled={sending}>
        {sending ? "Đang gửi..." : "Gửi"}
      </button>
    </form>
  );
}
