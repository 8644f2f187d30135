import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { api, isApiError } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { Logo } from '../components/icons.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Loading, Notice, usePageTitle } from '../components/ui.tsx';
import { acceptSession, forgetSession, signOut, sessionEndedBeforeSignIn, useSessionQuery } from '../session/session.tsx';

interface FromState {
  from?: { pathname?: string; search?: string };
}

export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <div className="auth-topbar">
        <LanguageSwitch />
      </div>
      <main className="auth-main">
        <div className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
          <div className="auth-brand">
            <Logo />
            <span className="brand-name">{t('app.name')}</span>
          </div>
          <p className="auth-tagline">{t('app.tagline')}</p>
          {children}
        </div>
        <p className="auth-footer">{t('auth.authorisedOnly')}</p>
      </main>
    </div>
  );
}

/** A 429 on the sign-in pages: how long to wait, and that a recovery code lets the holder in meanwhile. */
const delayOverrides = { RATE_LIMITED: 'auth.signInDelayed' };

function PasswordStep({ notice, carriedError }: { notice: string | null; carriedError: unknown }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [withRecoveryCode, setWithRecoveryCode] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const login = useMutation({
    mutationFn: () =>
      api.post<SessionView>('/api/auth/login', {
        email: email.trim(),
        password,
        ...(withRecoveryCode ? { recoveryCode: recoveryCode.trim() } : {}),
      }),
    onSuccess: (view) => {
      setPassword('');
      setRecoveryCode('');
      acceptSession(queryClient, view);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <form onSubmit={submit} className="form" noValidate={false}>
      <h1 className="auth-title">{t('auth.signInTitle')}</h1>
      {notice ? <Notice tone="info">{notice}</Notice> : null}
      <ErrorNotice error={login.isIdle ? carriedError : login.error} overrides={delayOverrides} />
      <div className="field">
        <label htmlFor="login-email">{t('auth.email')}</label>
        <input
          id="login-email"
          data-testid="login-email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('auth.password')}</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
      </div>
      {withRecoveryCode ? (
        <RecoveryCodeField
          testId="login-recovery-code"
          value={recoveryCode}
          onChange={setRecoveryCode}
          help={t('auth.recoveryCodeAtSignInHelp')}
        />
      ) : null}
      <button type="submit" className="button button-primary button-block" data-testid="login-submit" disabled={login.isPending}>
        {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
      <div className="auth-links">
        <button
          type="button"
          className="link-button"
          data-testid="login-toggle-recovery"
          aria-expanded={withRecoveryCode}
          onClick={() => {
            setWithRecoveryCode((value) => !value);
            setRecoveryCode('');
          }}
        >
          {withRecoveryCode ? t('auth.signInWithoutRecoveryCode') : t('auth.signInWithRecoveryCode')}
        </button>
      </div>
    </form>
  );
}

/** One of the ten single-use recovery codes, with the sign-in form's or the code step's help. */
function RecoveryCodeField({
  testId,
  value,
  onChange,
  help,
}: {
  testId: string;
  value: string;
  onChange: (value: string) => void;
  help?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor="login-recovery-code">{t('auth.recoveryCode')}</label>
      <input
        id="login-recovery-code"
        data-testid={testId}
        type="text"
        autoComplete="off"
        spellCheck={false}
        required
        minLength={8}
        maxLength={40}
        aria-describedby={help ? 'login-recovery-code-help' : undefined}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {help ? (
        <p id="login-recovery-code-help" className="hint">
          {help}
        </p>
      ) : null}
    </div>
  );
}

function CodeStep({ onAbandoned }: { onAbandoned: (reason: unknown) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const verify = useMutation({
    mutationFn: () =>
      api.post<SessionView>('/api/auth/mfa', useRecovery ? { recoveryCode: recoveryCode.trim() } : { code: code.replace(/\s+/g, '') }),
    onSuccess: (view) => {
      acceptSession(queryClient, view);
    },
    onError: (error) => {
      // A sign-in delay or an expired code step: start again from the password (where a recovery code passes the
      // delay), keeping the explanation visible.
      if (isApiError(error, 'RATE_LIMITED') || isApiError(error, 'UNAUTHENTICATED')) {
        onAbandoned(error);
        forgetSession(queryClient);
      }
      setCode('');
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    verify.mutate();
  };
  return (
    <form onSubmit={submit} className="form">
      <h1 className="auth-title">{t('auth.mfaTitle')}</h1>
      <p className="muted">{useRecovery ? t('auth.recoveryCodeHelp') : t('auth.mfaHelp')}</p>
      <ErrorNotice error={verify.error} overrides={delayOverrides} />
      {useRecovery ? (
        <RecoveryCodeField testId="mfa-recovery-code" value={recoveryCode} onChange={setRecoveryCode} />
      ) : (
        <div className="field">
          <label htmlFor="login-mfa-code">{t('auth.mfaCode')}</label>
          <input
            id="login-mfa-code"
            data-testid="mfa-code"
            className="input-code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            autoFocus
            value={code}
            onChange={(event) => {
              setCode(event.target.value.replace(/\D/g, ''));
            }}
          />
        </div>
      )}
      <button type="submit" className="button button-primary button-block" data-testid="mfa-submit" disabled={verify.isPending}>
        {verify.isPending ? t('auth.verifying') : t('auth.verify')}
      </button>
      <div className="auth-links">
        <button
          type="button"
          className="link-button"
          data-testid="mfa-toggle-recovery"
          onClick={() => {
            setUseRecovery((value) => !value);
            verify.reset();
          }}
        >
          {useRecovery ? t('auth.useAuthenticatorCode') : t('auth.useRecoveryCode')}
        </button>
        <button type="button" className="link-button" onClick={() => void signOut(queryClient)}>
          {t('auth.startOver')}
        </button>
      </div>
    </form>
  );
}

/** Sign-in: e-mail and password, then (for users with two-factor authentication) the code step. */
export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: session, isPending, error } = useSessionQuery();
  const [sessionHadEnded] = useState(sessionEndedBeforeSignIn);
  const [carriedError, setCarriedError] = useState<unknown>(null);
  usePageTitle(t('auth.signInTitle'));

  if (isPending) {
    return (
      <AuthLayout>
        <Loading />
      </AuthLayout>
    );
  }
  if (session?.stage === 'active') {
    const from = (location.state as FromState | null)?.from;
    const target = from?.pathname && from.pathname !== '/login' ? `${from.pathname}${from.search ?? ''}` : '/';
    return <Navigate to={target} replace />;
  }
  if (session?.stage === 'mfa_enrol') return <Navigate to="/mfa-setup" replace />;
  return (
    <AuthLayout>
      {error && !isApiError(error, 'UNAUTHENTICATED') ? <ErrorNotice error={error} /> : null}
      {session?.stage === 'mfa_pending' ? (
        <CodeStep onAbandoned={setCarriedError} />
      ) : (
        <PasswordStep notice={sessionHadEnded && !carriedError ? t('auth.sessionEnded') : null} carriedError={carriedError} />
      )}
    </AuthLayout>
  );
}
