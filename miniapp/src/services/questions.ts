// "Hỏi cán bộ": my questions, one thread, ask, reply. DTOs mirror /api/v1/me/questions/* (docs/hoi-can-bo.md).
import { citizenRequest } from "./session";
import type { Paginated, QuestionListItem, QuestionThread } from "./types";

/** What a new question is about, from the page that opened the form (all optional). */
export interface QuestionContext {
  procedureId?: number;
  dossierId?: number;
  unitId?: number;
}

/** Limits the server applies too: said before sending, so the citizen is not surprised. */
export const QUESTION_MIN_CHARS = 10;
export const QUESTION_MAX_CHARS = 2000;

export function questionTextProblem(text: string): string | null {
  const length = text.trim().length;
  if (length === 0) return "Vui lòng nhập nội dung câu hỏi.";
  if (length < QUESTION_MIN_CHARS) return `Nội dung quá ngắn: viết ít nhất ${QUESTION_MIN_CHARS} ký tự để cán bộ hiểu bạn cần gì.`;
  if (length > QUESTION_MAX_CHARS) return `Nội dung quá dài: tối đa ${QUESTION_MAX_CHARS} ký tự.`;
  return null;
}

/** The context from the form's address (`?procedure=1&dossier=2&unit=3`); anything not a positive id is dropped. */
export function questionContextFrom(search: string): QuestionContext {
  const params = new URLSearchParams(search);
  const id = (name: string) => {
    const value = Number(params.get(name));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  return { procedureId: id("procedure"), dossierId: id("dossier"), unitId: id("unit") };
}

export function listMyQuestions(page = 1): Promise<Paginated<QuestionListItem>> {
  return citizenRequest<Paginated<QuestionListItem>>(`me/questions/?page=${page}`);
}

export function getMyQuestion(id: number): Promise<QuestionThread> {
  return citizenRequest<QuestionThread>(`me/questions/${id}/`);
}

export function askQuestion(text: string, context: QuestionContext): Promise<QuestionThread> {
  const body: Record<string, unknown> = { text: text.trim() };
  if (context.dossierId) body.dossier_id = context.dossierId;
  if (context.procedureId) body.procedure_id = context.procedureId;
  if (context.unitId) body.unit_id = context.unitId;
  return citizenRequest<QuestionThread>("me/questions/", { method: "POST", body });
}

export function replyToQuestion(id: number, text: string): Promise<QuestionThread> {
  return citizenRequest<QuestionThread>(`me/questions/${id}/messages`, { method: "POST", body: { text: text.trim() } });
}
