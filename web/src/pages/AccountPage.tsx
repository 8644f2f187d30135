import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { PlatformSettings } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { MfaEnrolment } from '../components/MfaEnrolment.tsx';
import { Badge, Notice, PageHeader } from '../components/ui.tsx';
import { SESSION_QUERY_KEY, useSession } from '../session/session.tsx';

const MIN_PASSWORD_LENGTH = 12;

function ChangePassword() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => api.post('/api/me/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
      setDone(true);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setDone(false);
    if (newPassword.length < MIN_PASSWORD_LENGTH) {
      setProblem(t('account.password.tooShort', { min: MIN_PASSWORD_LENGTH }));
      return;
    }
    if (newPassword !== repeat) {
      setProblem(t('account.password.mismatch'));
      return;
    }
    if (newPassword === currentPassword) {
      setProblem(t('account.password.same'));
      return;
    }
    setProblem(null);
    change.mutate();
  };
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password.title')}</h2>
      <form className="form form-narrow" onSubmit={submit}>
        {problem ? (
          <div className="notice notice-error" role="alert">
            {problem}
          </div>
        ) : null}
        <ErrorNotice error={change.error} overrides={{ INVALID_CREDENTIALS: 'account.password.wrongCurrent' }} />
        {done ? (
          <Notice tone="success" live>
            {t('account.password.changed')}
          </Notice>
        ) : null}
        <div className="field">
          <label htmlFor="current-password">{t('account.password.current')}</label>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => {
              setCurrentPassword(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('account.password.new')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            required
            aria-describedby="new-password-hint"
            value={newPassword}
            onChange={(event) => {
              setNewPassword(event.target.value);
            }}
          />
          <span id="new-password-hint" className="hint">
            {t('account.password.hint', { min: MIN_PASSWORD_LENGTH })}
          </span>
        </div>
        <div className="field">
          <label htmlFor="repeat-password">{t('account.password.repeat')}</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(event) => {
              setRepeat(event.target.value);
            }}
          />
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DisableMfa({ mfaRequired }: { mfaRequired: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => api.post('/api/me/mfa/disable', { password }),
    onSuccess: () => {
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    disable.mutate();
  };
  return (
    <form className="form form-narrow" onSubmit={submit}>
      <h3>{t('mfa.disableTitle')}</h3>
      {mfaRequired ? <Notice tone="info">{t('mfa.requiredByPlatform')}</Notice> : <p className="muted">{t('mfa.disableHelp')}</p>}
      <ErrorNotice error={disable.error} overrides={{ INVALID_CREDENTIALS: 'account.password.wrongCurrent' }} />
      <div className="field">
        <label htmlFor="mfa-disable-password">{t('account.password.current')}</label>
        <input
          id="mfa-disable-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
      </div>
      <div>
        <button type="submit" className="button button-danger" data-testid="mfa-disable" disabled={disable.isPending}>
          {t('mfa.disable')}
        </button>
      </div>
    </form>
  );
}

function TwoFactor() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [showingCodes, setShowingCodes] = useState(false);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.get<PlatformSettings>('/api/settings') });
  const enrolling = !session.user.mfaEnabled || showingCodes;
  return (
    <section className="panel" aria-labelledby="mfa-title">
      <div className="panel-heading">
        <h2 id="mfa-title">{t('mfa.title')}</h2>
        {session.user.mfaEnabled ? <Badge tone="success">{t('mfa.on')}</Badge> : <Badge tone="warning">{t('mfa.off')}</Badge>}
      </div>
      {enrolling ? (
        <MfaEnrolment
          onEnrolled={() => {
            setShowingCodes(true);
            void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
          }}
          doneLabel={t('mfa.storedCodes')}
          onDone={() => {
            setShowingCodes(false);
          }}
        />
      ) : (
        <>
          <p>{t('mfa.enabledBody')}</p>
          <DisableMfa mfaRequired={settings.data?.mfaRequired ?? false} />
        </>
      )}
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <>
      <PageHeader title={t('account.title')} description={t('account.description')} />
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="details">
          <dt>{t('account.name')}</dt>
          <dd>{session.user.displayName}</dd>
          <dt>{t('auth.email')}</dt>
          <dd>{session.user.email}</dd>
          <dt>{t('account.agency')}</dt>
          <dd>
            {session.agency.name} ({session.agency.shortName})
          </dd>
          <dt>{t('account.roles')}</dt>
          <dd>{session.user.roles.map((role) => t(`roles.${role}`)).join(', ')}</dd>
        </dl>
      </section>
      <TwoFactor />
      <ChangePassword />
    </>
  );
}
