import { Icon } from "./icons";
import { PhoneButton } from "./PhoneButton";
import type { UnitListItem, UnitPhone } from "../services/types";

const PRIORITY: UnitPhone["label"][] = ["duong_day_nong", "truc_ban", "tiep_dan", "khac"];

/** The number most people want from a list: hotline, then duty desk. */
export function primaryPhone(phones: UnitPhone[]): UnitPhone | undefined {
  return [...phones].sort((a, b) => PRIORITY.indexOf(a.label) - PRIORITY.indexOf(b.label))[0];
}

export interface UnitCardProps {
  unit: UnitListItem;
  onOpen: (id: number) => void;
  onCall: (number: string) => void;
}

export function UnitCard({ unit, onOpen, onCall }: UnitCardProps) {
  const phone = primaryPhone(unit.phones);
  return (
    <li className="unit-card" data-unit-id={unit.id}>
      <button type="button" className="unit-card__main" onClick={() => onOpen(unit.id)}>
        <span className="unit-card__text">
          <span className="unit-card__name">{unit.name}</span>
          <span className="unit-card__kind">{unit.kind.name}</span>
          {unit.address ? <span className="unit-card__address">{unit.address}</span> : null}
          {unit.children_count > 0 ? <span className="unit-card__children">{unit.children_count} đơn vị trực thuộc</span> : null}
        </span>
        <Icon name="chevron" className="unit-card__chevron" />
      </button>
      {phone ? (
        <div className="unit-card__call">
          <PhoneButton phone={phone} onCall={onCall} compact />
        </div>
      ) : null}
    </li>
  );
}
