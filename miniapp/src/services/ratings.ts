// Satisfaction ratings: rate a finished dossier once, the unit survey, the public figure.
import { deviceHeaders } from "./device";
import { citizenRequest } from "./session";
import type { Driver, RatingCreated, RatingEligibility, RatingInput, RatingLevel, RatingProof } from "./types";

/** The official three levels (domain-vn.md §4), best first. */
export const LEVELS: { level: RatingLevel; label: string }[] = [
  { level: 3, label: "Rất hài lòng" },
  { level: 2, label: "Hài lòng" },
  { level: 1, label: "Không hài lòng" },
];

// Mirrors ratings.models.Driver on the server.
export const POSITIVE_DRIVERS: { code: Driver; label: string }[] = [
  { code: "fast", label: "Nhanh chóng" },
  { code: "on_time", label: "Đúng hẹn" },
  { code: "friendly", label: "Thái độ cán bộ tận tình" },
  { code: "clear", label: "Hướng dẫn dễ hiểu" },
  { code: "transparent", label: "Công khai, minh bạch" },
  { code: "easy", label: "Thủ tục đơn giản" },
];
export const NEGATIVE_DRIVERS: { code: Driver; label: string }[] = [
  { code: "slow", label: "Chờ đợi lâu" },
  { code: "late", label: "Trễ hẹn" },
  { code: "unfriendly", label: "Thái độ cán bộ chưa tốt" },
  { code: "unclear", label: "Hướng dẫn khó hiểu" },
  { code: "many_trips", label: "Phải đi lại nhiều lần" },
  { code: "not_transparent", label: "Thiếu công khai, minh bạch" },
];

export function driversFor(level: RatingLevel): { code: Driver; label: string }[] {
  return level === 1 ? NEGATIVE_DRIVERS : POSITIVE_DRIVERS;
}

export function checkRatingEligibility(proof: RatingProof): Promise<RatingEligibility> {
  return citizenRequest<RatingEligibility>("ratings/eligibility", { method: "POST", body: proof });
}

export function rateDossier(proof: RatingProof, input: RatingInput): Promise<RatingCreated> {
  return citizenRequest<RatingCreated>("ratings/", { method: "POST", body: { ...proof, ...input } });
}

export function sendSurvey(unit: number, input: Omit<RatingInput, "reason">): Promise<{ message: string }> {
  return citizenRequest<{ message: string }>("surveys/", { method: "POST", body: { unit, ...input }, headers: deviceHeaders() });
}
