import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { MfaSetup } from '../api/types.ts';
import { ErrorNotice } from './errors.tsx';

function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <div className="notice notice-warning" role="alert">
        <strong>{t('mfa.recoveryCodesWarningTitle')}</strong> {t('mfa.recoveryCodesWarning')}
      </div>
      <ol className="recovery-codes" data-testid="recovery-codes" aria-label={t('mfa.recoveryCodes')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div>
        <button type="button" className="button button-primary" data-testid="mfa-enrol-done" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}

/**
 * Enrolment in TOTP two-factor authentication: a new secret (QR code and text), a code from the app to confirm it,
 * then the one-time recovery codes, shown only here and only once.
 */
export function MfaEnrolment({ onEnrolled, onDone, doneLabel }: { onEnrolled?: () => void; onDone: () => void; doneLabel: string }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useMutation({
    mutationFn: () => api.post<MfaSetup>('/api/me/mfa/setup'),
    onSuccess: (value) => {
      setSetup(value);
      setCode('');
    },
  });
  const confirm = useMutation({
    mutationFn: () => api.post<{ recoveryCodes: string[] }>('/api/me/mfa/confirm', { code }),
    onSuccess: (value) => {
      setRecoveryCodes(value.recoveryCodes);
      setSetup(null);
      onEnrolled?.();
    },
  });

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onDone={onDone} doneLabel={doneLabel} />;

  if (!setup) {
    return (
      <div className="stack">
        <p>{t('mfa.intro')}</p>
        <ErrorNotice error={start.error} />
        <div>
          <button
            type="button"
            className="button button-primary"
            data-testid="mfa-setup-start"
            disabled={start.isPending}
            onClick={() => {
              start.mutate();
            }}
          >
            {t('mfa.setUp')}
          </button>
        </div>
      </div>
    );
  }

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <div className="mfa-setup">
      <ol className="steps">
        <li>
          <h3>{t('mfa.step1Title')}</h3>
          <p>{t('mfa.step1Body')}</p>
          <img
            className="qr"
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('mfa.qrAlt')}
            width={184}
            height={184}
          />
        </li>
        <li>
          <h3>{t('mfa.step2Title')}</h3>
          <p>{t('mfa.step2Body')}</p>
          <p className="secret">
            <span className="visually-hidden">{t('mfa.secretLabel')}: </span>
            <code data-testid="mfa-secret">{setup.secret}</code>
          </p>
        </li>
        <li>
          <h3>{t('mfa.step3Title')}</h3>
          <form onSubmit={submit} className="form form-inline-narrow">
            <ErrorNotice error={confirm.error} />
            <div className="field">
              <label htmlFor="mfa-enrol-code">{t('mfa.codeLabel')}</label>
              <input
                id="mfa-enrol-code"
                data-testid="mfa-enrol-code"
                className="input-code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                onChange={(event) => {
                  setCode(event.target.value.replace(/\D/g, ''));
                }}
              />
            </div>
            <div className="button-row">
              <button
                type="submit"
                className="button button-primary"
                data-testid="mfa-enrol-confirm"
                disabled={confirm.isPending || code.length !== 6}
              >
                {t('mfa.confirm')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setSetup(null);
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
