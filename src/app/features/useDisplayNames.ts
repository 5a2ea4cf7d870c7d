/** The loaded model's short layer names (src/app/components/displayName.ts), computed once per model. */
import { useMemo } from 'react';
import { displayNames } from '../components/displayName';
import { useStudio } from '../store';

/** `label(name)`: the short display name of a layer (the name itself when unknown). */
export function useDisplayNames(): (name: string) => string {
  const layers = useStudio((s) => s.model?.layers);
  return useMemo(() => {
    const map = displayNames((layers ?? []).map((l) => l.name));
    return (name: string) => map.get(name) ?? name;
  }, [layers]);
}
