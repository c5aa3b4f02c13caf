import { useId } from "react";
import { Icon } from "./icons";

export interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
}

export function SearchBox({ value, onChange, label, placeholder }: SearchBoxProps) {
  const id = useId();
  return (
    <div className="search-box" role="search">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Icon name="search" className="search-box__icon" />
      <input
        id={id}
        type="search"
        className="search-box__input"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        enterKeyHint="search"
      />
      {value ? (
        <button type="button" className="search-box__clear" onClick={() => onChange("")} aria-label="Xóa từ khóa">
          <Icon name="close" />
        </button>
      ) : null}
    </div>
  );
}
