import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { api } from '../../api/client.ts';
import { coverageTone, type InstrumentStatus, type LegalState } from '../../api/legal-basis.ts';
import type { Items } from '../../api/types.ts';
import { Badge, type Tone } from '../../components/ui.tsx';

export const today = (): string => {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

export function useLegalStates() {
  return useQuery({
    queryKey: ['legal-basis', 'states'],
    queryFn: () => api.get<Items<LegalState>>('/api/legal-basis/states'),
    staleTime: 60_000,
  });
}

/** A state's name in the interface language: the registry's Chinese name for zh-CN, else its English name. */
export function useStateLabel(): (state: { code: string; name: string; nameZh?: string | null } | undefined, code?: string) => string {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  return (state, code) => {
    if (!state) return code ?? '';
    return zh && state.nameZh ? state.nameZh : state.name;
  };
}

const toneByGroup: Record<ReturnType<typeof coverageTone>, Tone> = {
  'in-force': 'success',
  signed: 'info',
  negotiating: 'warning',
  ended: 'danger',
  none: 'neutral',
};

export function StatusBadge({ status }: { status: InstrumentStatus | null }) {
  const { t } = useTranslation();
  return <Badge tone={toneByGroup[coverageTone(status)]}>{status ? t(`legal.status.${status}`) : t('legal.status.none')}</Badge>;
}

const tabs = [
  { to: '/legal-basis', key: 'checker', end: true },
  { to: '/legal-basis/coverage', key: 'coverage', end: false },
  { to: '/legal-basis/instruments', key: 'instruments', end: false },
  { to: '/legal-basis/states', key: 'states', end: false },
] as const;

/** The sections of the legal-basis area, as a row of tabs (links: each section has its own address). */
export function LegalTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('legal.sections')}>
      {tabs.map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.end} className="tab" data-testid={`legal-tab-${tab.key}`}>
          {t(`legal.tabs.${tab.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}

/** Marks text that comes from the server in English (legal reasoning): not machine-translated. */
export function SourceLanguageNote() {
  const { t, i18n } = useTranslation();
  if (i18n.language === 'en') return null;
  return <p className="hint source-language">{t('legal.englishSource')}</p>;
}
