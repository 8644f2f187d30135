import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type InputHTMLAttributes, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  CONFIDENCES,
  fugitivesApi,
  GENDERS,
  NOTICE_KINDS,
  OFFENCES,
  RETURN_MEANS,
  STEP_KINDS,
  type Confidence,
  type Gender,
  type NoticeKind,
  type Offence,
  type Person,
  type PersonInput,
  type ReturnMeans,
  type StepKind,
} from '../../api/fugitives.ts';
import { Notice } from '../../components/ui.tsx';
import { ActionError, FormHints, FUGITIVES_QUERY_KEY, splitLines, splitList, StateOptions, today } from './common.tsx';

const STATE_CODE = /^[A-Z]{2}$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const DECIMAL = /^\d{1,14}(\.\d{1,10})?$/;
const FTM_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** After any change every fugitives query is read again: the person, its timeline, the list, campaigns and charts. */
function useRefreshFugitives() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: FUGITIVES_QUERY_KEY });
}

function Field({
  id,
  label,
  hint,
  wide = false,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A one-line input in a labelled field; a hint, when given, describes the input for assistive technology. */
function TextField({
  id,
  label,
  hint,
  wide,
  value,
  onValue,
  ...input
}: {
  id: string;
  label: string;
  hint?: string;
  wide?: boolean;
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>) {
  return (
    <Field id={id} label={label} hint={hint} wide={wide}>
      <input
        id={id}
        type="text"
        {...input}
        aria-describedby={hint ? `${id}-hint` : undefined}
        value={value}
        onChange={(event) => {
          onValue(event.target.value);
        }}
      />
    </Field>
  );
}

const upper = (value: string) => value.trim().toUpperCase();

/**
 * Record a wanted person, or change one (`person`): names in their original script first, the offences, the amount
 * involved, the flight. The form edits the first passport and the first national ID; a person's further identifiers
 * are kept as they are.
 */
export function PersonForm({ person, onCancel, onSaved }: { person?: Person; onCancel?: () => void; onSaved?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshFugitives();
  const passportOf = person?.identifiers.find((identifier) => identifier.type === 'passport');
  const nationalIdOf = person?.identifiers.find((identifier) => identifier.type === 'national_id');
  const keptIdentifiers = (person?.identifiers ?? []).filter((identifier) => identifier !== passportOf && identifier !== nationalIdOf);
  const [names, setNames] = useState(person?.names.join('\n') ?? '');
  const [aliases, setAliases] = useState(person?.aliases.join('\n') ?? '');
  const [birthDates, setBirthDates] = useState(person?.birthDates.join(', ') ?? '');
  const [nationalities, setNationalities] = useState(person?.nationalities.join(', ') ?? '');
  const [gender, setGender] = useState<Gender | ''>(person?.gender ?? '');
  const [passport, setPassport] = useState(passportOf?.number ?? '');
  const [nationalId, setNationalId] = useState(nationalIdOf?.number ?? '');
  const [issuer, setIssuer] = useState(passportOf?.country ?? nationalIdOf?.country ?? '');
  const [offences, setOffences] = useState<Offence[]>(person?.offences ?? []);
  const [amount, setAmount] = useState(person?.amount?.value ?? '');
  const [currency, setCurrency] = useState(person?.amount?.currency ?? 'CNY');
  const [rate, setRate] = useState(person?.converted?.rate ?? '');
  const [targetCurrency, setTargetCurrency] = useState(person?.converted?.currency ?? '');
  const [rateOn, setRateOn] = useState(person?.converted?.rateOn ?? '');
  const [caseReferences, setCaseReferences] = useState(person?.caseReferences.join('\n') ?? '');
  const [fledOn, setFledOn] = useState(person?.fledOn ?? '');
  const [fledFrom, setFledFrom] = useState(person?.fledFrom ?? '');
  const [hints, setHints] = useState<string[]>([]);

  const create = useMutation({
    mutationFn: (input: PersonInput) => (person ? fugitivesApi.update(person.id, input) : fugitivesApi.create(input)),
    onSuccess: async (saved) => {
      await refresh();
      if (person) onSaved?.();
      else await navigate(`/fugitives/${encodeURIComponent(saved.id)}`);
    },
  });

  const build = (): { input: PersonInput | null; problems: string[] } => {
    const problems: string[] = [];
    const nameList = splitLines(names);
    if (nameList.length === 0) problems.push(t('fugitives.forms.hints.names'));
    const dates = splitList(birthDates);
    if (dates.some((date) => !FTM_DATE.test(date))) problems.push(t('fugitives.forms.hints.birthDates'));
    const states = splitList(nationalities).map(upper);
    if (states.some((state) => !STATE_CODE.test(state))) problems.push(t('fugitives.forms.hints.nationalities'));
    const issuingState = upper(issuer);
    if (issuingState && !STATE_CODE.test(issuingState)) problems.push(t('fugitives.forms.hints.issuer'));
    const value = amount.trim().replace(/[\s,]/g, '');
    const code = upper(currency);
    if (value && !DECIMAL.test(value)) problems.push(t('fugitives.forms.hints.amount'));
    if (value && !CURRENCY_CODE.test(code)) problems.push(t('fugitives.forms.hints.currency'));
    const converting = Boolean(rate.trim() || targetCurrency.trim() || rateOn);
    if (converting) {
      if (!value) problems.push(t('fugitives.forms.hints.conversionNeedsAmount'));
      if (!DECIMAL.test(rate.trim()) || !CURRENCY_CODE.test(upper(targetCurrency)) || !rateOn) {
        problems.push(t('fugitives.forms.hints.conversion'));
      }
    }
    const from = upper(fledFrom);
    if (from && !STATE_CODE.test(from)) problems.push(t('fugitives.forms.hints.fledFrom'));
    if (problems.length > 0) return { input: null, problems };
    return {
      problems,
      input: {
        names: nameList,
        aliases: splitLines(aliases),
        birthDates: dates,
        nationalities: states,
        gender: gender || null,
        identifiers: [
          ...(passport.trim() ? [{ type: 'passport' as const, number: passport.trim(), country: issuingState || null }] : []),
          ...(nationalId.trim() ? [{ type: 'national_id' as const, number: nationalId.trim(), country: issuingState || null }] : []),
          ...keptIdentifiers,
        ],
        offences,
        amount: value ? { value, currency: code } : null,
        conversion: converting ? { rate: rate.trim(), rateOn, currency: upper(targetCurrency) } : null,
        caseReferences: splitLines(caseReferences),
        fledOn: fledOn || null,
        fledFrom: from || null,
      },
    };
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const { input, problems } = build();
    setHints(problems);
    if (input) create.mutate(input);
  };

  const text = (setter: (value: string) => void) => (event: { target: { value: string } }) => {
    setter(event.target.value);
  };

  return (
    <form
      className="panel"
      onSubmit={submit}
      noValidate
      aria-labelledby="person-create-title"
      data-testid={person ? 'person-edit-form' : 'person-create-form'}
    >
      <h2 id="person-create-title">{t(person ? 'fugitives.forms.editTitle' : 'fugitives.forms.createTitle')}</h2>
      <StateOptions id="person-states" />
      <div className="form-grid">
        <Field id="person-names" label={t('fugitives.forms.names')} hint={t('fugitives.forms.namesHint')} wide>
          <textarea id="person-names" rows={2} required aria-describedby="person-names-hint" value={names} onChange={text(setNames)} />
        </Field>
        <Field id="person-aliases" label={t('fugitives.forms.aliases')} hint={t('fugitives.forms.onePerLine')} wide>
          <textarea id="person-aliases" rows={2} aria-describedby="person-aliases-hint" value={aliases} onChange={text(setAliases)} />
        </Field>
        <TextField
          id="person-birth-dates"
          label={t('fugitives.forms.birthDates')}
          hint={t('fugitives.forms.birthDatesHint')}
          value={birthDates}
          onValue={setBirthDates}
        />
        <TextField
          id="person-nationalities"
          label={t('fugitives.forms.nationalities')}
          hint={t('fugitives.forms.statesHint')}
          value={nationalities}
          onValue={setNationalities}
        />
        <Field id="person-gender" label={t('fugitives.forms.gender')}>
          <select
            id="person-gender"
            value={gender}
            onChange={(event) => {
              setGender(event.target.value as Gender | '');
            }}
          >
            <option value="">{t('fugitives.forms.unknown')}</option>
            {GENDERS.map((value) => (
              <option key={value} value={value}>
                {t(`fugitives.gender.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <TextField id="person-passport" label={t('fugitives.forms.passport')} value={passport} onValue={setPassport} />
        <TextField id="person-national-id" label={t('fugitives.forms.nationalId')} value={nationalId} onValue={setNationalId} />
        <TextField
          id="person-issuer"
          label={t('fugitives.forms.issuer')}
          hint={t('fugitives.forms.stateHint')}
          list="person-states"
          className="input-short"
          value={issuer}
          onValue={setIssuer}
        />
      </div>
      <fieldset className="fieldset">
        <legend>{t('fugitives.forms.offences')}</legend>
        <div className="checkbox-grid">
          {OFFENCES.map((offence) => (
            <label key={offence} className="checkbox">
              <input
                type="checkbox"
                checked={offences.includes(offence)}
                onChange={(event) => {
                  const checked = event.target.checked;
                  setOffences((current) => (checked ? [...current, offence] : current.filter((value) => value !== offence)));
                }}
              />
              {t(`fugitives.offences.${offence}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <TextField
          id="person-amount"
          label={t('fugitives.forms.amount')}
          hint={t('fugitives.forms.amountHint')}
          inputMode="decimal"
          value={amount}
          onValue={setAmount}
        />
        <TextField
          id="person-currency"
          label={t('fugitives.forms.currency')}
          className="input-short"
          maxLength={3}
          value={currency}
          onValue={setCurrency}
        />
        <TextField
          id="person-rate"
          label={t('fugitives.forms.rate')}
          hint={t('fugitives.forms.rateHint')}
          inputMode="decimal"
          value={rate}
          onValue={setRate}
        />
        <TextField
          id="person-target-currency"
          label={t('fugitives.forms.targetCurrency')}
          className="input-short"
          maxLength={3}
          value={targetCurrency}
          onValue={setTargetCurrency}
        />
        <TextField id="person-rate-on" label={t('fugitives.forms.rateOn')} type="date" max={today()} value={rateOn} onValue={setRateOn} />
        <Field id="person-cases" label={t('fugitives.forms.caseReferences')} hint={t('fugitives.forms.onePerLine')}>
          <textarea
            id="person-cases"
            rows={2}
            aria-describedby="person-cases-hint"
            value={caseReferences}
            onChange={text(setCaseReferences)}
          />
        </Field>
        <TextField id="person-fled-on" label={t('fugitives.forms.fledOn')} type="date" max={today()} value={fledOn} onValue={setFledOn} />
        <TextField
          id="person-fled-from"
          label={t('fugitives.forms.fledFrom')}
          hint={t('fugitives.forms.stateHint')}
          list="person-states"
          className="input-short"
          value={fledFrom}
          onValue={setFledFrom}
        />
      </div>
      <FormHints hints={hints} />
      <ActionError error={create.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t(person ? 'fugitives.forms.save' : 'fugitives.forms.create')}
        </button>
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Record the request of a notice or a diffusion (a diffusion names the states it is addressed to). */
export function RequestNoticeForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshFugitives();
  const [kind, setKind] = useState<NoticeKind>('red');
  const [targets, setTargets] = useState('');
  const [reference, setReference] = useState('');
  const [requestedOn, setRequestedOn] = useState(today());
  const [note, setNote] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const request = useMutation({
    mutationFn: () =>
      fugitivesApi.requestNotice(personId, {
        kind,
        targetStates: kind === 'diffusion' ? splitList(targets).map(upper) : [],
        reference: reference.trim() || null,
        requestedOn,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      setReference('');
      setNote('');
      setTargets('');
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    const states = splitList(targets).map(upper);
    if (kind === 'diffusion' && (states.length === 0 || states.some((state) => !STATE_CODE.test(state)))) {
      problems.push(t('fugitives.forms.hints.targetStates'));
    }
    if (!requestedOn) problems.push(t('fugitives.forms.hints.date'));
    setHints(problems);
    if (problems.length === 0) request.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="notice-request-title" data-testid="notice-request-form">
      <h2 id="notice-request-title">{t('fugitives.forms.noticeTitle')}</h2>
      <div className="form-grid">
        <Field id="notice-kind" label={t('fugitives.forms.noticeKind')}>
          <select
            id="notice-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as NoticeKind);
            }}
          >
            {NOTICE_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`fugitives.noticeKinds.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'diffusion' ? (
          <TextField
            id="notice-targets"
            label={t('fugitives.forms.targetStates')}
            hint={t('fugitives.forms.statesHint')}
            value={targets}
            onValue={setTargets}
          />
        ) : null}
        <TextField id="notice-reference" label={t('fugitives.forms.reference')} value={reference} onValue={setReference} />
        <TextField
          id="notice-requested-on"
          label={t('fugitives.forms.requestedOn')}
          type="date"
          max={today()}
          required
          value={requestedOn}
          onValue={setRequestedOn}
        />
        <TextField id="notice-note" label={t('fugitives.forms.note')} wide value={note} onValue={setNote} />
      </div>
      <FormHints hints={hints} />
      <ActionError error={request.error} />
      {request.isSuccess ? (
        <Notice tone="success" live>
          {t('fugitives.forms.noticeRequested')}
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={request.isPending}>
          {t('fugitives.forms.requestNotice')}
        </button>
      </div>
    </form>
  );
}

/** Report where the person was seen: any agency that sees the person may. */
export function ReportSightingForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshFugitives();
  const [state, setState] = useState('');
  const [city, setCity] = useState('');
  const [seenOn, setSeenOn] = useState(today());
  const [source, setSource] = useState('');
  const [confidence, setConfidence] = useState<Confidence>('medium');
  const [note, setNote] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const report = useMutation({
    mutationFn: () =>
      fugitivesApi.reportSighting(personId, {
        state: upper(state),
        city: city.trim() || null,
        seenOn,
        source: source.trim(),
        confidence,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      setCity('');
      setSource('');
      setNote('');
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    if (!STATE_CODE.test(upper(state))) problems.push(t('fugitives.forms.hints.state'));
    if (!seenOn) problems.push(t('fugitives.forms.hints.date'));
    if (!source.trim()) problems.push(t('fugitives.forms.hints.source'));
    setHints(problems);
    if (problems.length === 0) report.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="sighting-title" data-testid="sighting-form">
      <h2 id="sighting-title">{t('fugitives.forms.sightingTitle')}</h2>
      <StateOptions id="sighting-states" />
      <div className="form-grid">
        <TextField
          id="sighting-state"
          label={t('fugitives.forms.state')}
          hint={t('fugitives.forms.stateHint')}
          list="sighting-states"
          className="input-short"
          required
          value={state}
          onValue={setState}
        />
        <TextField id="sighting-city" label={t('fugitives.forms.city')} value={city} onValue={setCity} />
        <TextField
          id="sighting-seen-on"
          label={t('fugitives.forms.seenOn')}
          type="date"
          max={today()}
          required
          value={seenOn}
          onValue={setSeenOn}
        />
        <Field id="sighting-confidence" label={t('fugitives.forms.confidence')}>
          <select
            id="sighting-confidence"
            value={confidence}
            onChange={(event) => {
              setConfidence(event.target.value as Confidence);
            }}
          >
            {CONFIDENCES.map((value) => (
              <option key={value} value={value}>
                {t(`fugitives.confidence.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <TextField
          id="sighting-source"
          label={t('fugitives.forms.source')}
          hint={t('fugitives.forms.sourceHint')}
          wide
          required
          value={source}
          onValue={setSource}
        />
        <TextField id="sighting-note" label={t('fugitives.forms.note')} wide value={note} onValue={setNote} />
      </div>
      <FormHints hints={hints} />
      <ActionError error={report.error} />
      {report.isSuccess ? (
        <Notice tone="success" live>
          {t('fugitives.forms.sightingReported')}
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={report.isPending}>
          {t('fugitives.forms.reportSighting')}
        </button>
      </div>
    </form>
  );
}

/** Record the next step of the return: located, arrest, proceedings, returned (from a state, by a means), trial, verdict. */
export function RecordStepForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshFugitives();
  const [kind, setKind] = useState<StepKind>('located');
  const [on, setOn] = useState(today());
  const [state, setState] = useState('');
  const [city, setCity] = useState('');
  const [means, setMeans] = useState<ReturnMeans>('extradition');
  const [note, setNote] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const record = useMutation({
    mutationFn: () =>
      fugitivesApi.recordStep(personId, {
        kind,
        on,
        state: upper(state) || null,
        city: city.trim() || null,
        means: kind === 'returned' ? means : null,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      setNote('');
      await refresh();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems: string[] = [];
    const code = upper(state);
    if ((kind === 'located' || kind === 'returned') && !code) problems.push(t('fugitives.forms.hints.stepState'));
    else if (code && !STATE_CODE.test(code)) problems.push(t('fugitives.forms.hints.state'));
    if (!on) problems.push(t('fugitives.forms.hints.date'));
    setHints(problems);
    if (problems.length === 0) record.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="step-title" data-testid="step-form">
      <h2 id="step-title">{t('fugitives.forms.stepTitle')}</h2>
      <StateOptions id="step-states" />
      <div className="form-grid">
        <Field id="step-kind" label={t('fugitives.forms.stepKind')}>
          <select
            id="step-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as StepKind);
            }}
          >
            {STEP_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`fugitives.stepKinds.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <TextField id="step-on" label={t('fugitives.forms.on')} type="date" max={today()} required value={on} onValue={setOn} />
        <Field
          id="step-state"
          label={kind === 'returned' ? t('fugitives.forms.returnedFrom') : t('fugitives.forms.state')}
          hint={kind === 'located' || kind === 'returned' ? t('fugitives.forms.stateRequired') : t('fugitives.forms.stateHint')}
        >
          <input
            id="step-state"
            type="text"
            list="step-states"
            className="input-short"
            aria-describedby="step-state-hint"
            value={state}
            onChange={(event) => {
              setState(event.target.value);
            }}
          />
        </Field>
        <TextField id="step-city" label={t('fugitives.forms.city')} value={city} onValue={setCity} />
        {kind === 'returned' ? (
          <Field id="step-means" label={t('fugitives.forms.means')}>
            <select
              id="step-means"
              value={means}
              onChange={(event) => {
                setMeans(event.target.value as ReturnMeans);
              }}
            >
              {RETURN_MEANS.map((value) => (
                <option key={value} value={value}>
                  {t(`fugitives.means.${value}`)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <TextField id="step-note" label={t('fugitives.forms.note')} wide value={note} onValue={setNote} />
      </div>
      <FormHints hints={hints} />
      <ActionError error={record.error} />
      {record.isSuccess ? (
        <Notice tone="success" live>
          {t('fugitives.forms.stepRecorded', { kind: t(`fugitives.stepKinds.${record.data.kind}`) })}
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={record.isPending}>
          {t('fugitives.forms.recordStep')}
        </button>
      </div>
    </form>
  );
}
