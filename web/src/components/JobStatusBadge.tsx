import { useTranslation } from 'react-i18next';
import type { Job, JobStatus } from '../api/types.ts';
import { Badge, type Tone } from './ui.tsx';

const tones: Record<JobStatus, Tone> = {
  queued: 'neutral',
  running: 'info',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

export function JobStatusBadge({ job }: { job: Pick<Job, 'status' | 'cancelRequested'> }) {
  const { t } = useTranslation();
  const cancelling = job.cancelRequested && (job.status === 'queued' || job.status === 'running');
  return (
    <Badge tone={cancelling ? 'warning' : tones[job.status]}>
      {cancelling ? t('jobs.statuses.cancelling') : t(`jobs.statuses.${job.status}`)}
    </Badge>
  );
}
