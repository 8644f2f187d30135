import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import { coverageTone, INSTRUMENT_KINDS, type CoverageMatrix, type CoverageTone, type InstrumentKind } from '../../api/legal-basis.ts';
import { PageHeader, QueryProblem } from '../../components/ui.tsx';
import { LegalTabs, today, useStateLabel } from './common.tsx';

const LEGEND: CoverageTone[] = ['in-force', 'signed', 'negotiating', 'ended', 'none'];

export function CoveragePage() {
  const { t } = useTranslation();
  const label = useStateLabel();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind: InstrumentKind = INSTRUMENT_KINDS.includes(kindParam as InstrumentKind)
    ? (kindParam as InstrumentKind)
    : 'extradition_treaty';
  const date = params.get('date') ?? today();
  const matrix = useQuery({
    queryKey: ['legal-basis', 'coverage', kind, date],
    queryFn: () => api.get<CoverageMatrix>(withQuery('/api/legal-basis/coverage', { kind, date })),
    placeholderData: keepPreviousData,
  });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const cellFor = (a: string, b: string) =>
    matrix.data?.cells.find((cell) => (cell.a === a && cell.b === b) || (cell.a === b && cell.b === a));

  return (
    <>
      <PageHeader title={t('legal.coverage.title')} description={t('legal.coverage.description')} />
      <LegalTabs />
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <div className="field field-inline">
          <label htmlFor="coverage-kind">{t('legal.coverage.kind')}</label>
          <select
            id="coverage-kind"
            data-testid="coverage-kind"
            value={kind}
            onChange={(event) => {
              setParam('kind', event.target.value);
            }}
          >
            {INSTRUMENT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`legal.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="coverage-date">{t('legal.coverage.date')}</label>
          <input
            id="coverage-date"
            type="date"
            value={date}
            onChange={(event) => {
              if (event.target.value) setParam('date', event.target.value);
            }}
          />
        </div>
      </form>
      <ul className="legend" aria-label={t('legal.coverage.legend')}>
        {LEGEND.map((tone) => (
          <li key={tone}>
            <span className={`swatch cov-${tone}`} aria-hidden="true" />
            {t(`legal.coverage.tone.${tone}`)}
          </li>
        ))}
      </ul>
      <QueryProblem isPending={matrix.isPending} error={matrix.error} />
      {matrix.data ? (
        <div className="table-wrap">
          <table className="coverage-matrix" data-testid="coverage-matrix" aria-busy={matrix.isFetching}>
            <caption className="visually-hidden">
              {t('legal.coverage.caption', { kind: t(`legal.kind.${kind}`), date: matrix.data.date })}
            </caption>
            <thead>
              <tr>
                <td />
                {matrix.data.states.map((state) => (
                  <th key={state.code} scope="col" title={label(state)}>
                    <abbr title={label(state)}>{state.code}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.data.states.map((row) => (
                <tr key={row.code}>
                  <th scope="row">
                    <Link to={`/legal-basis/states/${row.code}`}>
                      <span className="mono">{row.code}</span> {label(row)}
                    </Link>
                  </th>
                  {matrix.data.states.map((col) => {
                    if (row.code === col.code) {
                      return <td key={col.code} className="cov-self" aria-label={t('legal.coverage.self')} />;
                    }
                    const cell = cellFor(row.code, col.code);
                    const tone = coverageTone(cell?.status);
                    const statusText = cell ? t(`legal.status.${cell.status}`) : t('legal.coverage.tone.none');
                    const text = `${label(row)} – ${label(col)}: ${statusText}${cell ? `, ${cell.shortTitle}` : ''}`;
                    return (
                      <td key={col.code} className={`cov-cell cov-${tone}`} data-status={cell?.status ?? 'none'} title={text}>
                        {cell ? (
                          <Link to={`/legal-basis/instruments/${cell.instrumentId}`} aria-label={text}>
                            <span aria-hidden="true">{t(`legal.coverage.short.${tone}`)}</span>
                          </Link>
                        ) : (
                          <span className="visually-hidden">{text}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
