// Which chat network to sign in to: a row of radio buttons (one click, all choices in view).

import { useId } from 'react';
import type { ProtocolId, ProtocolInfo } from '../../contract';
import { t } from '../../i18n';

interface Props {
  protocols: readonly ProtocolInfo[];
  value: ProtocolId;
  onChange(protocol: ProtocolId): void;
}

export function ProtocolPicker({ protocols, value, onChange }: Props) {
  const name = useId();
  return (
    <fieldset className="protocol-picker" data-testid="signin-protocol">
      <legend className="field__label">{t('signin.protocol')}</legend>
      <div className="protocol-picker__options">
        {protocols.map((p) => (
          <label key={p.protocol} className="protocol-picker__option" data-protocol={p.protocol}>
            <input
              type="radio"
              name={name}
              value={p.protocol}
              checked={p.protocol === value}
              onChange={() => onChange(p.protocol)}
            />
            <span>{p.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
