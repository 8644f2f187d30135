import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Stage } from '../../api/fugitives.ts';
import { Badge, type Tone } from '../../components/ui.tsx';

/** The root of every query of the fugitives area: invalidating it refreshes lists, persons, campaigns and charts. */
export const FUGITIVES_QUERY_KEY = ['fugitives'] as const;

const tabs = [
  { to: '/fugitives', key: 'list', end: true },
  { to: '/fugitives/overview', key: 'overview', end: false },
  { to: '/fugitives/campaigns', key: 'campaigns', end: false },
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
