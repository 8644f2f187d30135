import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';

export function RoleCheckboxes({
  legend,
  available,
  value,
  onChange,
  fixed = [],
  hint,
}: {
  legend: string;
  available: readonly Role[];
  value: Role[];
  onChange: (roles: Role[]) => void;
  /** Roles shown but not changeable here (the grant rules keep them for another administrator). */
  fixed?: readonly Role[];
  hint?: string;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  return (
    <fieldset className="fieldset" aria-describedby={hint ? `${prefix}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${prefix}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="checkbox-grid">
        {available.map((role) => {
          const id = `${prefix}-${role}`;
          return (
            <div className="checkbox" key={role}>
              <input
                id={id}
                type="checkbox"
                value={role}
                checked={value.includes(role)}
                disabled={fixed.includes(role)}
                onChange={(event) => {
                  onChange(event.target.checked ? [...value, role] : value.filter((existing) => existing !== role));
                }}
              />
              <label htmlFor={id}>{t(`roles.${role}`)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
