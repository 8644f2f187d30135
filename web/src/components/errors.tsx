import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';

/** Error codes whose explanation depends on what the user was doing: the caller names the i18n key. */
export type ErrorOverrides = Partial<Record<string, string>>;

interface Details {
  retryAfterSeconds?: number;
  rule?: string;
  role?: string;
}

/** The wait before a retry in the interface language: seconds under a minute, else whole minutes rounded up. */
export function formatWait(seconds: number, language: string): string {
  const [value, unit] = seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** Explains an API error in the interface language, from its stable code; the server's message is the fallback. */
export function useErrorText(): (error: unknown, overrides?: ErrorOverrides) => string {
  const { t, i18n } = useTranslation();
  return (error, overrides = {}) => {
    if (!isApiError(error)) return t('errors.UNKNOWN');
    const details = (error.details && typeof error.details === 'object' ? error.details : {}) as Details;
    const params = error.code === 'RATE_LIMITED' ? { wait: formatWait(details.retryAfterSeconds ?? 60, i18n.language) } : {};
    const override = overrides[error.code];
    if (override) return t(override, params);
    if (error.code === 'RATE_LIMITED') return t('errors.RATE_LIMITED', params);
    if (error.code === 'INVALID_INPUT' && Array.isArray(error.details) && error.details.length > 0) {
      const problems = (error.details as { path?: string; message?: string }[])
        .map((issue) => [issue.path?.replace(/^\//, ''), issue.message].filter(Boolean).join(': '))
        .join('; ');
      return `${t('errors.INVALID_INPUT')} (${problems})`;
    }
    if (error.code === 'FORBIDDEN' && details.rule === 'own-roles') return t('errors.FORBIDDEN_OWN_ROLES');
    if (error.code === 'FORBIDDEN' && details.rule === 'grant' && details.role) {
      return t('errors.FORBIDDEN_GRANT', { role: t(`roles.${details.role}`) });
    }
    const key = `errors.${error.code}`;
    return i18n.exists(key) ? t(key) : error.message;
  };
}

export function ErrorNotice({ error, overrides }: { error: unknown; overrides?: ErrorOverrides }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      {errorText(error, overrides)}
    </div>
  );
}
