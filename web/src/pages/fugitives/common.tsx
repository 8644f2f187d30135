import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { api, isApiError } from '../../api/client.ts';
import type { Stage } from '../../api/fugitives.ts';
import type { Agency, Items } from '../../api/types.ts';
import { ErrorNotice } from '../../components/errors.tsx';
import { stateName } from '../../components/format.ts';
import { Badge, type Tone } from '../../components/ui.tsx';
import { useSession } from '../../session/session.tsx';

/** The root of every query of the fugitives area: invalidating it refreshes lists, persons, campaigns and charts. */
export const FUGITIVES_QUERY_KEY = ['fugitives'] as const;

const tabs = [
  { to: '/fugitives', key: 'list', end: true },
  { to: '/fugitives/overview', key: 'overview', end: false },
  { to: '/fugitives/campaigns', key: 'campaigns', end: false },
  { to: '/fugitives/interpol', key: 'interpol', end: false },
] as const;

/** The sections of the fugitives area, as a row of tabs (links: each section has its own address). */
export function FugitivesTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('fugitives.sections')}>
      {tabs.map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.end} className="tab" data-testid={`fugitives-tab-${tab.key}`}>
          {t(`fugitives.tabs.${tab.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}

const stageTone: Record<Stage, Tone> = {
  at_large: 'danger',
  located: 'warning',
  returned: 'success',
  on_trial: 'info',
  sentenced: 'neutral',
};

/** Where a person stands: at large, located, returned, on trial or sentenced. */
export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <span data-testid="stage" data-stage={stage}>
      <Badge tone={stageTone[stage]}>{t(`fugitives.stage.${stage}`)}</Badge>
    </span>
  );
}

/** Today's date as YYYY-MM-DD in local time, the default of the date fields. */
export const today = (): string => {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/**
 * An agency's short name: the actor's own from the session, others from the agencies the actor may list (most roles
 * list only their own), else a neutral "another agency".
 */
export function useAgencyName(): (id: string) => string {
  const { t } = useTranslation();
  const session = useSession();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api.get<Items<Agency>>('/api/agencies'), staleTime: 60_000 });
  const byId = new Map((agencies.data?.items ?? []).map((agency) => [agency.id, agency.shortName]));
  return (id) => (id === session.agency.id ? session.agency.shortName : (byId.get(id) ?? t('fugitives.otherAgency')));
}

/** A state as "Name (XX)" in the interface language; a dash for none. */
export const stateLabel = (code: string | null | undefined): string => (code ? `${stateName(code)} (${code})` : '—');

/** Splits a list typed one per line or separated by commas; blanks dropped. */
export const splitList = (text: string, separators: RegExp = /[\n,;]+/): string[] =>
  text
    .split(separators)
    .map((part) => part.trim())
    .filter(Boolean);

/** Splits a list typed one per line (names, which may themselves contain commas). */
export const splitLines = (text: string): string[] => splitList(text, /\n+/);

/**
 * An error from a change: a refusal that depends on what is recorded (409) is shown with the server's own reason, in
 * English as the server words it; anything else is explained as everywhere else.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error, 'CONFLICT')) {
    return (
      <div className="notice notice-error" role="alert" data-testid="conflict">
        <strong>{t('fugitives.forms.refused')}</strong> <span lang="en">{error.message}</span>
      </div>
    );
  }
  return <ErrorNotice error={error} />;
}

/** The hints of a form checked in the browser before it is sent: one line per field to fix. */
export function FormHints({ hints }: { hints: string[] }) {
  const { t } = useTranslation();
  if (hints.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="form-hints">
      <strong>{t('fugitives.forms.fix')}</strong>
      <ul className="problem-list">
        {hints.map((hint) => (
          <li key={hint}>{hint}</li>
        ))}
      </ul>
    </div>
  );
}

/** States suggested in the state fields: the mechanism's members and the usual destinations; any ISO code is accepted. */
const SUGGESTED_STATES = ['CN', 'BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'AU', 'CA', 'GB', 'HK', 'MO', 'NZ', 'US'];

/** A datalist of suggested states, named in the interface language; inputs refer to it by `list={id}`. */
export function StateOptions({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {SUGGESTED_STATES.map((code) => (
        <option key={code} value={code}>
          {stateName(code)}
        </option>
      ))}
    </datalist>
  );
}
