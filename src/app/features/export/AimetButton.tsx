/** Downloads AIMET-style encodings (`<model>.encodings.json`) of the per-tensor fixed-point layers. */
import { dispatch, getState, showNotice, useStudio } from '../../store';
import { aimetBlocker, aimetFileName, buildAimetEncodings } from './aimetEncodings';

export function AimetButton() {
  const blocker = useStudio((s) => aimetBlocker(s.config));
  const exportNow = () => {
    const config = getState().config;
    if (!config || aimetBlocker(config)) return;
    const { encodings, skipped: left } = buildAimetEncodings(config);
    const url = URL.createObjectURL(new Blob([JSON.stringify(encodings, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = aimetFileName(config);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    const note = left.length ? `AIMET encodings: left out ${left.map((s) => `${s.layer} (${s.reason})`).join('; ')}` : null;
    if (note) dispatch(showNotice, note);
  };
  return (
    <button type="button" data-testid="export.aimet" disabled={blocker !== null} onClick={exportNow}
      title={blocker ?? 'Download AIMET-style encodings (scale/offset of per-tensor fixed-point layers)'}>AIMET encodings</button>
  );
}
