/** The loaded model's short layer names (src/app/components/displayName.ts), computed once per model. */
import { useMemo } from 'react';
import { displayNames } from '../components/displayName';
import { useStudio } from '../store';

/** `label(name)`: the short display name of a layer (the name itself when unknown). */
export function useDisplayNames(): (name: string) => string {
  return useDisplayNamesOf(useStudio((s) => s.model?.layers));
}

/** The same for the given model layers (a chart passes the layers of its own, deferred, snapshot). */
export function useDisplayNamesOf(layers: readonly { name: string }[] | undefined): (name: string) => string {
  return useMemo(() => {
    const map = displayNames((layers ?? []).map((l) => l.name));
    return (name: string) => map.get(name) ?? name;
  }, [layers]);
}
