import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  fugitivesApi,
  NOTICE_ACTIONS,
  PHOTO_TYPES,
  type Notice,
  type NoticeStatus,
  type Person,
  type PhotoType,
  type TimelineEntry,
} from '../../api/fugitives.ts';
import { formatNumber } from '../../components/format.ts';
import { Timestamp } from '../../components/text.tsx';
import { Badge, Modal, PageHeader, QueryProblem, type Tone } from '../../components/ui.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { ActionError, FormHints, FUGITIVES_QUERY_KEY, FugitivesTabs, StageBadge, stateLabel, today, useAgencyName } from './common.tsx';
import { PersonForm, RecordStepForm, ReportSightingForm, RequestNoticeForm } from './PersonForms.tsx';

const personKey = (id: string) => [...FUGITIVES_QUERY_KEY, 'person', id] as const;

const noticeTone: Record<NoticeStatus, Tone> = {
  requested: 'info',
  published: 'danger',
  no_longer_public: 'warning',
  withdrawn: 'neutral',
  cancelled: 'neutral',
};

/** An exact decimal as the interface language groups digits, without going through a float. */
function formatDecimal(value: string): string {
  const [whole = '', fraction] = value.split('.');
  const grouped = new Intl.NumberFormat(currentLanguage()).format(BigInt(whole.replace('-', '') || '0'));
  return `${whole.startsWith('-') ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

function Money({ value, currency }: { value: string; currency: string }) {
  return (
    <span className="mono nowrap">
      {formatDecimal(value)} {currency}
    </span>
  );
}

function Facts({ person }: { person: Person }) {
  const { t } = useTranslation();
  const agencyName = useAgencyName();
  const rows: [string, string, ReactNode][] = [
    ['names', t('fugitives.person.names'), person.names.join(' · ')],
    [
      'transliterations',
      t('fugitives.person.transliterations'),
      person.transliterations.length ? person.transliterations.join(' · ') : '—',
    ],
    ['aliases', t('fugitives.person.aliases'), person.aliases.length ? person.aliases.join(' · ') : '—'],
    ['birthDates', t('fugitives.person.birthDates'), person.birthDates.join(', ') || '—'],
    ['nationalities', t('fugitives.person.nationalities'), person.nationalities.map((code) => stateLabel(code)).join(', ') || '—'],
    ['gender', t('fugitives.person.gender'), person.gender ? t(`fugitives.gender.${person.gender}`) : '—'],
    [
      'identifiers',
      t('fugitives.person.identifiers'),
      person.identifiers.length
        ? person.identifiers
            .map((id) => `${t(`fugitives.identifierTypes.${id.type}`)} ${id.number}${id.country ? ` (${id.country})` : ''}`)
            .join('; ')
        : '—',
    ],
    [
      'offences',
      t('fugitives.person.offences'),
      person.offences.length ? person.offences.map((offence) => t(`fugitives.offences.${offence}`)).join(', ') : '—',
    ],
    [
      'amount',
      t('fugitives.person.amount'),
      person.amount ? (
        <>
          <Money value={person.amount.value} currency={person.amount.currency} />
          {person.converted ? (
            <span className="subtle" data-testid="person-converted">
              {t('fugitives.person.converted', {
                value: `${formatDecimal(person.converted.value)} ${person.converted.currency}`,
                rate: person.converted.rate,
                on: person.converted.rateOn,
              })}
            </span>
          ) : null}
        </>
      ) : (
        '—'
      ),
    ],
    ['cases', t('fugitives.person.caseReferences'), person.caseReferences.join(', ') || '—'],
    [
      'fled',
      t('fugitives.person.fled'),
      person.fledOn || person.fledFrom
        ? t('fugitives.person.fledOnFrom', { on: person.fledOn ?? '—', from: stateLabel(person.fledFrom) })
        : '—',
    ],
    ['stage', t('fugitives.person.stage'), <StageBadge key="stage" stage={person.stage} />],
    ['days', t('fugitives.person.daysOnTheRun'), person.daysOnTheRun === null ? '—' : formatNumber(person.daysOnTheRun)],
    [
      'returned',
      t('fugitives.person.returned'),
      person.returned
        ? t('fugitives.person.returnedDetail', {
            on: person.returned.on,
            from: stateLabel(person.returned.from),
            means: t(`fugitives.means.${person.returned.means}`),
          })
        : '—',
    ],
    [
      'lastKnown',
      t('fugitives.person.lastKnown'),
      person.lastKnownLocation
        ? t('fugitives.person.lastKnownDetail', {
            place: [person.lastKnownLocation.city, stateLabel(person.lastKnownLocation.state)].filter(Boolean).join(', '),
            on: person.lastKnownLocation.on,
            source: t(`fugitives.person.locationSource.${person.lastKnownLocation.source}`),
          })
        : '—',
    ],
    ['agency', t('fugitives.person.agency'), agencyName(person.agencyId)],
  ];
  return (
    <section className="panel" aria-labelledby="person-facts-title">
      <h2 id="person-facts-title">{t('fugitives.person.facts')}</h2>
      <dl className="details fugitive-facts" data-testid="person-facts">
        {rows.map(([key, label, value]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`person-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

type NoticeAction = (typeof NOTICE_ACTIONS)[NoticeStatus][number];

/** Publication, withdrawal or cancellation of a notice, with its date (today unless said otherwise). */
function NoticeStatusDialog({
  person,
  notice,
  action,
  onClose,
}: {
  person: Person;
  notice: Notice;
  action: NoticeAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [on, setOn] = useState(today());
  const [reference, setReference] = useState(notice.reference ?? '');
  const [note, setNote] = useState('');
  const change = useMutation({
    mutationFn: () =>
      fugitivesApi.changeNoticeStatus(person.id, notice.id, {
        status: action,
        on,
        reference: reference.trim() || null,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: FUGITIVES_QUERY_KEY });
      onClose();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (on) change.mutate();
  };
  return (
    <Modal
      title={t(`fugitives.person.noticeActionTitle.${action}`, { kind: t(`fugitives.noticeKinds.${notice.kind}`) })}
      open
      onClose={onClose}
    >
      <form onSubmit={submit} className="stack" data-testid="notice-status-form">
        <div className="field">
          <label htmlFor="notice-status-on">{t('fugitives.forms.on')}</label>
          <input
            id="notice-status-on"
            type="date"
            required
            max={today()}
            value={on}
            onChange={(event) => {
              setOn(event.target.value);
            }}
          />
        </div>
        {action === 'published' ? (
          <div className="field">
            <label htmlFor="notice-status-reference">{t('fugitives.forms.reference')}</label>
            <input
              id="notice-status-reference"
              type="text"
              value={reference}
              onChange={(event) => {
                setReference(event.target.value);
              }}
            />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="notice-status-note">{t('fugitives.forms.note')}</label>
          <input
            id="notice-status-note"
            type="text"
            value={note}
            onChange={(event) => {
              setNote(event.target.value);
            }}
          />
        </div>
        <ActionError error={change.error} />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={change.isPending}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={action === 'published' ? 'button button-primary' : 'button button-danger'}
            disabled={change.isPending}
            data-testid="notice-status-confirm"
          >
            {t(`fugitives.person.noticeActions.${action}`)}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function NoticesPanel({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<{ notice: Notice; action: NoticeAction } | null>(null);
  const manage = person.policies.manage_notices;
  return (
    <section className="panel" aria-labelledby="person-notices-title">
      <h2 id="person-notices-title">{t('fugitives.person.notices')}</h2>
      {person.notices.length === 0 ? (
        <p className="empty" data-testid="notices-empty">
          {t('fugitives.person.noNotices')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-dense" data-testid="notices-table">
            <caption className="visually-hidden">{t('fugitives.person.notices')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fugitives.person.noticeKind')}</th>
                <th scope="col">{t('fugitives.person.reference')}</th>
                <th scope="col">{t('fugitives.person.targetStates')}</th>
                <th scope="col">{t('fugitives.person.status')}</th>
                <th scope="col">{t('fugitives.person.statusOn')}</th>
                {manage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {person.notices.map((notice) => (
                <tr key={notice.id} data-notice-id={notice.id} data-kind={notice.kind} data-status={notice.status}>
                  <td>{t(`fugitives.noticeKinds.${notice.kind}`)}</td>
                  <td className="mono">{notice.reference ?? '—'}</td>
                  <td>{notice.targetStates.length ? notice.targetStates.map((code) => stateLabel(code)).join(', ') : '—'}</td>
                  <td data-testid="notice-status">
                    <Badge tone={noticeTone[notice.status]}>{t(`fugitives.noticeStatus.${notice.status}`)}</Badge>
                  </td>
                  <td className="nowrap">{notice.statusOn}</td>
                  {manage ? (
                    <td>
                      <div className="row-actions">
                        {NOTICE_ACTIONS[notice.status].map((action) => (
                          <button
                            key={action}
                            type="button"
                            className={
                              action === 'published' ? 'button button-small button-primary' : 'button button-small button-secondary'
                            }
                            data-testid={`notice-${action}`}
                            onClick={() => {
                              setPending({ notice, action });
                            }}
                          >
                            {t(`fugitives.person.noticeActions.${action}`)}
                          </button>
                        ))}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending ? (
        <NoticeStatusDialog
          person={person}
          notice={pending.notice}
          action={pending.action}
          onClose={() => {
            setPending(null);
          }}
        />
      ) : null}
    </section>
  );
}

function describeEntry(t: (key: string, options?: Record<string, unknown>) => string, entry: TimelineEntry): string {
  const place = [entry.city, entry.state ? stateLabel(entry.state) : null].filter(Boolean).join(', ');
  switch (entry.type) {
    case 'fled':
      return entry.state ? t('fugitives.person.timeline.fledFrom', { place }) : t('fugitives.person.timeline.fled');
    case 'notice':
      return t('fugitives.person.timeline.notice', {
        kind: t(`fugitives.noticeKinds.${entry.kind}`, { defaultValue: entry.kind }),
        status: t(`fugitives.noticeStatus.${entry.status ?? 'requested'}`, { defaultValue: entry.status ?? '' }),
      });
    case 'sighting':
      return t('fugitives.person.timeline.sighting', {
        place,
        confidence: t(`fugitives.confidence.${entry.kind}`, { defaultValue: entry.kind }),
      });
    case 'step': {
      const kind = t(`fugitives.stepKinds.${entry.kind}`, { defaultValue: entry.kind });
      const means = entry.means ? t(`fugitives.means.${entry.means}`, { defaultValue: entry.means }) : null;
      if (means) return t('fugitives.person.timeline.stepMeans', { kind, place, means });
      return place ? t('fugitives.person.timeline.stepPlace', { kind, place }) : kind;
    }
  }
}

/** Withdraw a step recorded in error (the latest standing one only), with the reason. */
function RetractDialog({ personId, entry, onClose }: { personId: string; entry: TimelineEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const retract = useMutation({
    mutationFn: () => fugitivesApi.retractStep(personId, entry.id ?? '', reason.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: FUGITIVES_QUERY_KEY });
      onClose();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems = reason.trim() ? [] : [t('fugitives.forms.hints.reason')];
    setHints(problems);
    if (problems.length === 0) retract.mutate();
  };
  return (
    <Modal
      title={t('fugitives.person.retractTitle', { kind: t(`fugitives.stepKinds.${entry.kind}`, { defaultValue: entry.kind }) })}
      open
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate className="stack" data-testid="retract-form">
        <p>{t('fugitives.person.retractBody')}</p>
        <div className="field">
          <label htmlFor="retract-reason">{t('fugitives.person.retractReason')}</label>
          <textarea
            id="retract-reason"
            rows={3}
            required
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </div>
        <FormHints hints={hints} />
        <ActionError error={retract.error} />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={retract.isPending}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-danger" disabled={retract.isPending} data-testid="retract-confirm">
            {t('fugitives.person.retract')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function TimelinePanel({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [retracting, setRetracting] = useState<TimelineEntry | null>(null);
  const timeline = useQuery({ queryKey: [...personKey(person.id), 'timeline'], queryFn: () => fugitivesApi.timeline(person.id) });
  const entries = timeline.data?.entries ?? [];
  const latestStanding = [...entries].reverse().find((entry) => entry.type === 'step' && !entry.retracted);
  return (
    <section className="panel" aria-labelledby="person-timeline-title">
      <h2 id="person-timeline-title">{t('fugitives.person.timelineTitle')}</h2>
      <QueryProblem isPending={timeline.isPending} error={timeline.error} />
      {timeline.data && entries.length === 0 ? <p className="empty">{t('fugitives.person.timelineEmpty')}</p> : null}
      {entries.length > 0 ? (
        <ol className="timeline fugitive-timeline" data-testid="person-timeline">
          {entries.map((entry, index) => {
            const text = describeEntry(t, entry);
            const retracted = entry.retracted === true;
            return (
              <li
                key={`${entry.type}-${entry.id ?? 'fled'}-${entry.status ?? ''}-${String(index)}`}
                className={`timeline-item fugitive-event fugitive-event-${entry.type}${retracted ? ' fugitive-event-retracted' : ''}`}
                data-type={entry.type}
                data-kind={entry.kind}
                data-retracted={retracted ? 'true' : 'false'}
              >
                <span className="fugitive-event-date mono">{entry.on}</span>
                <div className="fugitive-event-body">
                  {retracted ? <s data-testid="timeline-text">{text}</s> : <span data-testid="timeline-text">{text}</span>}
                  {entry.source ? <span className="subtle">{t('fugitives.person.timeline.source', { source: entry.source })}</span> : null}
                  {entry.targetStates.length ? (
                    <span className="subtle">
                      {t('fugitives.person.timeline.targets', { states: entry.targetStates.map((code) => stateLabel(code)).join(', ') })}
                    </span>
                  ) : null}
                  {entry.note ? <span className="subtle">{entry.note}</span> : null}
                  {retracted ? (
                    <span className="text-danger" data-testid="retraction-reason">
                      {t('fugitives.person.retractedBecause', { reason: entry.retractionReason ?? '—' })}
                    </span>
                  ) : null}
                  {person.policies.record_step && entry === latestStanding ? (
                    <button
                      type="button"
                      className="link-button"
                      data-testid="step-retract"
                      onClick={() => {
                        setRetracting(entry);
                      }}
                    >
                      {t('fugitives.person.retract')}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      {retracting ? (
        <RetractDialog
          personId={person.id}
          entry={retracting}
          onClose={() => {
            setRetracting(null);
          }}
        />
      ) : null}
    </section>
  );
}

function NotesPanel({ person }: { person: Person }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const notes = useQuery({ queryKey: [...personKey(person.id), 'notes'], queryFn: () => fugitivesApi.notes(person.id) });
  const add = useMutation({
    mutationFn: () => fugitivesApi.addNote(person.id, body.trim()),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: [...personKey(person.id), 'notes'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (body.trim()) add.mutate();
  };
  return (
    <section className="panel" aria-labelledby="person-notes-title" data-testid="notes-panel">
      <h2 id="person-notes-title">{t('fugitives.person.notes')}</h2>
      <p className="hint">{t('fugitives.person.notesHint')}</p>
      <QueryProblem isPending={notes.isPending} error={notes.error} />
      {notes.data ? (
        notes.data.items.length === 0 ? (
          <p className="empty">{t('fugitives.person.noNotes')}</p>
        ) : (
          <ul className="fugitive-notes" data-testid="notes">
            {notes.data.items.map((note) => (
              <li key={note.id}>
                <p className="fugitive-note-body">{note.body}</p>
                <span className="subtle">
                  <Timestamp value={note.createdAt} withSeconds={false} />
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {person.policies.add_note ? (
        <form onSubmit={submit} className="stack">
          <div className="field">
            <label htmlFor="note-body">{t('fugitives.person.newNote')}</label>
            <textarea
              id="note-body"
              rows={3}
              value={body}
              onChange={(event) => {
                setBody(event.target.value);
              }}
            />
          </div>
          <ActionError error={add.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={add.isPending || !body.trim()}>
              {t('fugitives.person.addNote')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** The bytes of a file as base64, read by the browser (no data-URL prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('read failed'));
    };
    reader.readAsDataURL(file);
  });
}

function PhotosPanel({ person }: { person: Person }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [hints, setHints] = useState<string[]>([]);
  const photos = useQuery({ queryKey: [...personKey(person.id), 'photos'], queryFn: () => fugitivesApi.photos(person.id) });
  const upload = useMutation({
    mutationFn: async (chosen: File) => fugitivesApi.addPhoto(person.id, chosen.type as PhotoType, await readBase64(chosen)),
    onSuccess: async () => {
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      await queryClient.invalidateQueries({ queryKey: [...personKey(person.id), 'photos'] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const problems = !file
      ? [t('fugitives.forms.hints.photo')]
      : PHOTO_TYPES.includes(file.type as PhotoType)
        ? []
        : [t('fugitives.forms.hints.photoType')];
    setHints(problems);
    if (file && problems.length === 0) upload.mutate(file);
  };
  const items = photos.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="person-photos-title">
      <h2 id="person-photos-title">{t('fugitives.person.photos')}</h2>
      <QueryProblem isPending={photos.isPending} error={photos.error} />
      {photos.data && items.length === 0 ? <p className="empty">{t('fugitives.person.noPhotos')}</p> : null}
      {items.length > 0 ? (
        <ul className="fugitive-photos" data-testid="photos">
          {items.map((photo) => (
            <li key={photo.sha256}>
              <img
                src={fugitivesApi.photoUrl(person.id, photo.sha256)}
                alt={t('fugitives.person.photoAlt', { name: person.caption })}
                loading="lazy"
              />
              <span className="subtle mono" title={photo.sha256}>
                {photo.sha256.slice(0, 12)}…
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {person.policies.update ? (
        <form onSubmit={submit} noValidate className="form-inline-narrow">
          <div className="field">
            <label htmlFor="photo-file">{t('fugitives.person.photoFile')}</label>
            <input
              id="photo-file"
              ref={fileInput}
              type="file"
              accept={PHOTO_TYPES.join(',')}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
              }}
            />
          </div>
          <FormHints hints={hints} />
          <ActionError error={upload.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={upload.isPending}>
              {t('fugitives.person.uploadPhoto')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** One wanted person: facts, notices, the return so far, and what the actor's agency may record about it. */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const person = useQuery({ queryKey: personKey(id), queryFn: () => fugitivesApi.get(id) });
  const data = person.data;
  const [editing, setEditing] = useState(false);
  return (
    <>
      <PageHeader
        title={data ? data.caption : t('fugitives.person.title')}
        description={
          data ? (
            <span className="badge-stack">
              <StageBadge stage={data.stage} />
              {data.daysOnTheRun !== null ? (
                <span data-testid="header-days">{t('fugitives.person.daysCount', { count: data.daysOnTheRun })}</span>
              ) : null}
            </span>
          ) : undefined
        }
        actions={
          <>
            {data?.policies.update && !editing ? (
              <button
                type="button"
                className="button button-secondary"
                data-testid="person-edit"
                onClick={() => {
                  setEditing(true);
                }}
              >
                {t('fugitives.person.edit')}
              </button>
            ) : null}
            <Link to="/fugitives" className="button button-secondary">
              {t('fugitives.person.back')}
            </Link>
          </>
        }
      />
      <FugitivesTabs />
      <QueryProblem isPending={person.isPending} error={person.error} />
      {data ? (
        <div className="stack fugitive-person" data-testid="person-page" data-person-id={data.id}>
          {editing ? (
            <PersonForm
              key={data.updatedAt}
              person={data}
              onCancel={() => {
                setEditing(false);
              }}
              onSaved={() => {
                setEditing(false);
              }}
            />
          ) : (
            <Facts person={data} />
          )}
          <NoticesPanel person={data} />
          {data.policies.manage_notices ? <RequestNoticeForm personId={data.id} /> : null}
          <TimelinePanel person={data} />
          {data.policies.report_sighting ? <ReportSightingForm personId={data.id} /> : null}
          {data.policies.record_step ? <RecordStepForm personId={data.id} /> : null}
          {data.policies.read_notes ? <NotesPanel person={data} /> : null}
          <PhotosPanel person={data} />
        </div>
      ) : null}
    </>
  );
}
