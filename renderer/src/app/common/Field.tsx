import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface FieldText {
  label: string;
  hint?: string | undefined;
  /** What is wrong with the value, said under it (and announced). */
  error?: string | undefined;
  testId: string;
}

type FieldProps = FieldText & InputHTMLAttributes<HTMLInputElement>;
type TextAreaFieldProps = FieldText & TextareaHTMLAttributes<HTMLTextAreaElement>;

/** The label, hint and error around a control, linked for screen readers. */
function FieldFrame({ id, label, hint, error, testId, children }: FieldText & { id: string; children: ReactNode }) {
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error" data-testid={`${testId}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A labelled text input with an optional hint and error. */
export function Field({ label, hint, error, testId, ...input }: FieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} testId={testId}>
      <input
        id={id}
        className="field__input"
        data-testid={testId}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </FieldFrame>
  );
}

/** The same for several lines (a pasted key): monospace, no spell checking, no wrapping surprises. */
export function TextAreaField({ label, hint, error, testId, ...area }: TextAreaFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} testId={testId}>
      <textarea
        id={id}
        className="field__input field__input--multiline"
        data-testid={testId}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        autoCapitalize="none"
        autoCorrect="off"
        {...area}
      />
    </FieldFrame>
  );
}
