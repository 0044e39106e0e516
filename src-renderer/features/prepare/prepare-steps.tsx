import '../mapping/mapping.css';
import { mappingSelectors, type PrepareStep } from '../../state/mapping-slice';
import { jobsSelectors } from '../../state/jobs-slice';
import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { uploadsSelectors } from '../../state/uploads-slice';

const steps: ReadonlyArray<{ id: PrepareStep; label: string }> = [
  { id: 'file', label: 'File' },
  { id: 'map', label: 'Map to XDM' },
  { id: 'run', label: 'Prepare' },
  { id: 'upload', label: 'Upload' },
];

/**
 * Where the user is in Prepare: file → map → prepare → upload, each reachable once it makes sense.
 * Why buttons: going back to the file or the mapping keeps everything done so far.
 */
export function PrepareSteps() {
  const status = useAppStore(prepareSelectors.status);
  const step = useAppStore(mappingSelectors.step);
  const hasJob = useAppStore((s) => jobsSelectors.prepareJob(s) !== null);
  const running = useAppStore(jobsSelectors.isRunning);
  const goToStep = useAppStore((s) => s.goToStep);
  const hasDraft = useAppStore((s) => uploadsSelectors.draftForFile(s) !== null);
  const canUpload = useAppStore(uploadsSelectors.canUploadPrepared);
  const beginUpload = useAppStore((s) => s.beginUpload);
  if (status !== 'ready') return null;
  const enabled = (id: PrepareStep): boolean => (id === 'run' ? hasJob : id === 'upload' ? hasDraft || canUpload : !running);
  // Upload opens where the steward left it, or starts from the prepared parts.
  const open = (id: PrepareStep): Promise<void> => (id === 'upload' && !hasDraft ? beginUpload('prepared') : goToStep(id));
  return (
    <ol className="prepare-steps" aria-label="Steps">
      {steps.map((s, i) => (
        <li key={s.id}>
          <button
            type="button"
            className="prepare-steps__step"
            aria-current={s.id === step ? 'step' : undefined}
            disabled={!enabled(s.id) && s.id !== step}
            onClick={() => void open(s.id)}
          >
            <span className="prepare-steps__number">{i + 1}</span>
            {s.label}
          </button>
        </li>
      ))}
    </ol>
  );
}
