import { useQuery } from "@tanstack/react-query";
import { SatisfactionFigure } from "../../components/Rating";
import { getUnitSatisfaction } from "../../services/ratings";

/** The unit's public satisfaction figure; nothing at all while loading or if it fails (it is a bonus). */
export function UnitSatisfaction({ unitId, onSurvey }: { unitId: number; onSurvey: () => void }) {
  const figure = useQuery({
    queryKey: ["unit-satisfaction", unitId],
    queryFn: ({ signal }) => getUnitSatisfaction(unitId, signal),
    enabled: Number.isFinite(unitId),
    staleTime: 10 * 60_000,
  });
  if (!figure.data) return null;
  return <SatisfactionFigure figure={figure.data} onSurvey={onSurvey} />;
}
