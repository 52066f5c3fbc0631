// The settings screen's rows, one component per kind of control, so a new setting is one line
// in its section: a switch (on/off), a choice among a few (radio buttons, arrow keys move
// between them), or a choice among many (a select). Each row writes through `onChange` at once.

import { useId, type ReactNode } from 'react';
import type { Settings } from '../../contract';
import { t, type MessageKey } from '../../i18n';

export type SettingKey = keyof Settings;
export type ChangeSetting = <K extends SettingKey>(key: K, value: Settings[K]) => void;

type BooleanKey = { [K in SettingKey]: Settings[K] extends boolean ? K : never }[SettingKey];

/** An on/off setting: a real checkbox drawn as a switch, its label and hint beside it. */
export function SwitchRow({ setting, label, hint, settings, onChange }: { setting: BooleanKey; label: MessageKey; hint: MessageKey; settings: Settings | null; onChange: ChangeSetting }) {
  const id = useId();
  return (
    <div className="setting">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="setting__switch"
        data-testid={`setting-${setting}`}
        checked={settings?.[setting] ?? false}
        disabled={!settings}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(setting, e.target.checked)}
      />
      <label htmlFor={id} className="setting__text">
        <span className="setting__label">{t(label)}</span>
        <span id={`${id}-hint`} className="setting__hint">
          {t(hint)}
        </span>
      </label>
    </div>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/** One of a few: radio buttons in a fieldset (the legend names it; arrow keys move the choice). */
export function ChoiceRow<V extends string>({
  name,
  legend,
  hint,
  choices,
  value,
  disabled,
  onChange,
}: {
  name: string;
  legend: string;
  hint?: string;
  choices: ReadonlyArray<Choice<V>>;
  value: V | undefined;
  disabled: boolean;
  onChange: (value: V) => void;
}) {
  const hintId = useId();
  return (
    <fieldset className="setting setting--choice" data-testid={`setting-${name}`} aria-describedby={hint ? hintId : undefined} disabled={disabled}>
      <legend className="setting__label">{legend}</legend>
      {hint && (
        <p id={hintId} className="setting__hint">
          {hint}
        </p>
      )}
      <div className="setting__choices">
        {choices.map((c) => (
          <label key={c.value} className="setting__choice">
            <input type="radio" name={name} value={c.value} checked={value === c.value} data-testid={`setting-${name}-${c.value}`} onChange={() => onChange(c.value)} />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One of many (devices, languages): a labelled select. */
export function SelectRow({ testId, label, hint, value, disabled, onChange, children }: { testId: string; label: string; hint?: string; value: string; disabled: boolean; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="setting setting--select">
      <label htmlFor={id} className="setting__text">
        <span className="setting__label">{label}</span>
        {hint && (
          <span id={`${id}-hint`} className="setting__hint">
            {hint}
          </span>
        )}
      </label>
      <select id={id} className="setting__select" data-testid={testId} value={value} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** A section: its heading names it for the jump list and for screen readers. */
export function SettingsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="settings-group" id={id} aria-labelledby={`${id}-title`} data-testid={`settings-section-${id.replace(/^settings-/, '')}`}>
      <h3 id={`${id}-title`} className="settings-group__title" tabIndex={-1}>
        {title}
      </h3>
      {children}
    </section>
  );
}
