import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { isLanguage, LANGUAGES } from '../i18n/index.ts';
import { chooseLanguageBeforeSignIn, SESSION_QUERY_KEY } from '../session/session.tsx';

/** English / 简体中文. Remembered in the browser and, for a signed-in user, on the server. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const change = (language: string) => {
    if (!isLanguage(language)) return;
    void i18n.changeLanguage(language);
    const session = queryClient.getQueryData<SessionView | null>(SESSION_QUERY_KEY);
    if (session) {
      const updated: SessionView = { ...session, user: { ...session.user, locale: language } };
      queryClient.setQueryData(SESSION_QUERY_KEY, updated);
      api.post('/api/me/locale', { locale: language }).catch(() => undefined);
    } else {
      chooseLanguageBeforeSignIn(language);
    }
  };
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        data-testid="lang-switch"
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(event) => {
          change(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
