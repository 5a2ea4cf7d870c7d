/** The running job: a progress bar with its phase and ETA, and Cancel. */
import { duration } from '../../components/format';
import { cancelJob } from '../../flows/job';
import { useStudio } from '../../store';

export function JobBar() {
  const job = useStudio((s) => s.job);
  const generation = useStudio((s) => s.workerGeneration);
  if (!job) return <footer className="jobbar idle" data-testid="job.idle" data-worker-generation={generation}>Ready</footer>;
  const fraction = job.total > 0 ? job.done / job.total : null;
  return (
    <footer className="jobbar" data-worker-generation={generation}><div className="jobbar-live" role="status" aria-live="polite">
      <span className="job-label" data-testid="job.label">{job.phase}</span>
      <progress data-testid="job.progress" max={1} value={fraction ?? undefined}
        aria-label={`${job.label} progress`} />
      <span className="job-eta" data-testid="job.eta">
        {job.total > 0 ? `${job.done}/${job.total} · ${duration(job.etaMs)}` : 'working…'}
      </span>
      </div>
      <button type="button" data-testid="job.cancel" onClick={cancelJob}>Cancel</button>
    </footer>
  );
}
