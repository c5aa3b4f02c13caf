import type { UnitRef } from "../services/types";

export function Breadcrumb({ items, onSelect }: { items: UnitRef[]; onSelect: (id: number) => void }) {
  if (items.length === 0) return null;
  return (
    <nav aria-label="Đơn vị cấp trên" className="breadcrumb">
      <ol>
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className="breadcrumb__link" onClick={() => onSelect(item.id)}>
              {item.name}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
