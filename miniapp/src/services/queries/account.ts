// The signed-in citizen and the privacy notice.
import { useQuery } from "@tanstack/react-query";
import { getPrivacy } from "../privacy";
import { getMe } from "../session";
import * as queryKeys from "./keys";

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 0 });
}

/** The privacy notice (public). `quiet`: a bonus where it is shown (a consent line), so no retries. */
export function usePrivacy({ quiet = false }: { quiet?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.privacy,
    queryFn: ({ signal }) => getPrivacy(signal),
    staleTime: 10 * 60_000,
    ...(quiet ? { retry: false } : {}),
  });
}
