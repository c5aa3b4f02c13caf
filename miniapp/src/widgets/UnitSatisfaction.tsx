import { SatisfactionFigure } from "../components/SatisfactionFigure";
import { useUnitSatisfaction } from "../services/queries/units";

/** The unit's public satisfaction figure; nothing at all while loading or if it fails (it is a bonus). */
export function UnitSatisfaction({ unitId, onSurvey }: { unitId: number; onSurvey: () => void }) {
  const figure = useUnitSatisfaction(unitId);
  if (!figure.data) return null;
  return <SatisfactionFigure figure={figure.data} onSurvey={onSurvey} />;
}
