import { useQueryClient } from "@tanstack/react-query";
import type { RatingProof } from "../../services/types";
import type { DossierResult } from "../../services/types";
import { LOOKUP_RESULT_KEY } from "../DossierLookup";

export const ratingKey = (id: number) => ["rating-eligibility", id];

/** The lookup just done proves the second factor (its follow token); otherwise the verified phone must match. */
export function useRatingProof(id: number): RatingProof {
  const lookup = useQueryClient().getQueryData<DossierResult>(LOOKUP_RESULT_KEY);
  return lookup?.id === id && lookup.follow_token ? { follow_token: lookup.follow_token } : { dossier_id: id };
}
