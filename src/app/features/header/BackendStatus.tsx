/** Which tfjs backend runs the worker, why, and a selector to force another one. */
import type { BackendRequest } from '../../bridge';
import { BACKEND_REQUESTS } from '../../flows/url';
import { switchBackend } from '../../flows/session';
import { useStudio } from '../../store';

export function BackendStatus() {
  const backend = useStudio((s) => s.backend);
  const busy = useStudio((s) => s.job !== null);
  const info = backend.info;
  return (
    <div className="backend">
      <span className={`backend-status backend-${info?.name ?? 'pending'}`} data-testid="status.backend"
        title={info?.reason ?? 'starting…'} data-backend={info?.name ?? ''} data-wasm-binary={info?.wasmBinary ?? ''}>
        <span className="backend-name">{info ? info.name : 'starting…'}</span>
        {info && <span className="backend-reason"> — {info.reason}</span>}
      </span>
      <label className="backend-select">
        <span className="visually-hidden">Backend</span>
        <select data-testid="status.backendSelect" value={backend.requested} disabled={busy}
          onChange={(e) => void switchBackend(e.target.value as BackendRequest)}>
          {BACKEND_REQUESTS.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </label>
    </div>
  );
}
