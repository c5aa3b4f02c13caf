// The one labelled text field of the forms: the label wraps the input (a tap on it focuses the input), the
// server's or the form's message sits under it and is tied to it (aria-invalid, aria-describedby).
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

interface Common {
  label: ReactNode;
  /** The message under the field; the field is marked invalid while there is one. */
  error?: string | null;
  /** Beside the input on one row (e.g. "Quét QR"). */
  after?: ReactNode;
  /** A sub-field inside a fieldset whose legend is the bold title: a plain label. */
  plainLabel?: boolean;
}

type Owned = "className" | "aria-invalid" | "aria-describedby";
type InputFieldProps = Common & { multiline?: false } & Omit<InputHTMLAttributes<HTMLInputElement>, Owned>;
type TextareaFieldProps = Common & { multiline: true } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Owned>;
export type TextFieldProps = InputFieldProps | TextareaFieldProps;

export function TextField(props: TextFieldProps) {
  const errorId = useId();
  const { label, error, after, plainLabel = false } = props;
  const invalid = { "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined };
  let control: ReactNode;
  if (props.multiline) {
    const { label: _l, error: _e, after: _a, plainLabel: _p, multiline: _m, ...rest } = props;
    control = <textarea className="input" {...rest} {...invalid} />;
  } else {
    const { label: _l, error: _e, after: _a, plainLabel: _p, multiline: _m, ...rest } = props;
    control = <input className="input" {...rest} {...invalid} />;
  }
  return (
    <label className="field">
      <span className={plainLabel ? undefined : "field__label"}>{label}</span>
      {after ? (
        <span className="field__row">
          {control}
          {after}
        </span>
      ) : (
        control
      )}
      {error ? (
        <span id={errorId} className="inline-error">
          {error}
        </span>
      ) : null}
    </label>
  );
}
