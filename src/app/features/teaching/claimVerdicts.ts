/**
 * What docs/results.md found for each seed's claim, per demo model, as the teaching panel
 * shows it next to the method. The JSON is written by `npm run results` together with the
 * page; a CI test checks the two agree.
 */
import data from './claimVerdicts.json';

export type ClaimVerdict = 'reproduced' | 'not reproduced' | 'inconclusive';

const VERDICTS = data.verdicts as Record<string, Record<string, string> | undefined>;

/** "lenet: reproduced · resnet-ds: inconclusive" for a method key, or null when no claim was tested. */
export function claimVerdictLine(method: string): string | null {
  const v = VERDICTS[method];
  if (!v) return null;
  return Object.entries(v).map(([model, verdict]) => `${model}: ${verdict}`).join(' · ');
}
