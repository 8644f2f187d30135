import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { PlatformSettings } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { Notice, PageHeader, QueryProblem } from '../components/ui.tsx';

const SETTINGS_QUERY_KEY = ['settings'] as const;

export function SettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const settings = useQuery({ queryKey: SETTINGS_QUERY_KEY, queryFn: () => api.get<PlatformSettings>('/api/settings') });
  const update = useMutation({
    mutationFn: (change: Partial<PlatformSettings>) => api.patch<PlatformSettings>('/api/settings', change),
    onMutate: () => {
      setSaved(false);
    },
    onSuccess: (value) => {
      queryClient.setQueryData(SETTINGS_QUERY_KEY, value);
      setSaved(true);
    },
  });
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <QueryProblem isPending={settings.isPending} error={settings.error} />
      {settings.data ? (
        <section className="panel" aria-labelledby="security-settings-title">
          <h2 id="security-settings-title">{t('settings.security')}</h2>
          <ErrorNotice error={update.error} />
          {saved ? (
            <Notice tone="success" live>
              {t('settings.saved')}
            </Notice>
          ) : null}
          <div className="switch-row">
            <input
              id="setting-mfa-required"
              data-testid="setting-mfa-required"
              type="checkbox"
              role="switch"
              className="switch"
              checked={settings.data.mfaRequired}
              disabled={update.isPending}
              aria-describedby="setting-mfa-required-help"
              onChange={(event) => {
                update.mutate({ mfaRequired: event.target.checked });
              }}
            />
            <div>
              <label htmlFor="setting-mfa-required" className="strong">
                {t('settings.mfaRequired')}
              </label>
              <p id="setting-mfa-required-help" className="muted">
                {t('settings.mfaRequiredHelp')}
              </p>
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}
