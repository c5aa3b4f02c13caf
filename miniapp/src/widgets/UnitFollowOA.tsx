// A unit's own Zalo OA: the unit page offers to follow it (its warnings and notices come from it).
import { useState } from "react";
import { FollowOAPrompt } from "../components/FollowOAPrompt";
import { zalo, type FollowResult } from "../services/zalo";

export interface UnitFollowOAProps {
  oaId: string;
  unitName: string;
}

export function UnitFollowOA({ oaId, unitName }: UnitFollowOAProps) {
  const [result, setResult] = useState<FollowResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  if (!oaId || dismissed) return null;

  const follow = async () => {
    setBusy(true);
    try {
      setResult(await zalo().followOA(oaId));
    } catch {
      setResult("failed");
    } finally {
      setBusy(false);
    }
  };

  return <FollowOAPrompt unitName={unitName} result={result} busy={busy} onFollow={() => void follow()} onDismiss={() => setDismissed(true)} />;
}
