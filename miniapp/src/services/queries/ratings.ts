// Rating a dossier: the proof the citizen may, and whether they still can.
import { useQuery } from "@tanstack/react-query";
import { useAppStore } from "../../store";
import { checkRatingEligibility } from "../ratings";
import type { RatingProof } from "../types";
import * as queryKeys from "./keys";

/** The lookup just done proves the second factor (its follow token); otherwise the verified phone must match. */
export function useRatingProof(id: number): RatingProof {
  const lookup = useAppStore((s) => s.lookupResult);
  return lookup?.id === id && lookup.follow_token ? { follow_token: lookup.follow_token } : { dossier_id: id };
}

export function useRatingEligibility(dossierId: number, proof: RatingProof, { enabled = true, staleTime = 0 } = {}) {
  return useQuery({
    queryKey: queryKeys.ratingEligibility(dossierId),
    queryFn: () => checkRatingEligibility(proof),
    enabled: enabled && Number.isFinite(dossierId),
    staleTime,
  });
}
