/** The selected layer's weights, fetched from the worker once per (model, layer). */
import { useEffect, useState } from 'react';
import { worker } from '../../bridge';
import { LruCache } from '../../../quant/lru';

const cache = new LruCache<Float32Array>(8);

export function useLayerWeights(modelHash: string | undefined, layer: string | null): Float32Array | null {
  const key = modelHash && layer ? `${modelHash}/${layer}` : null;
  const [state, setState] = useState<{ key: string; values: Float32Array } | null>(null);
  useEffect(() => {
    if (!key || !layer) return;
    if (cache.get(key)) return;
    const controller = new AbortController();
    worker.layerWeights(controller.signal, layer)
      .then((values) => {
        cache.set(key, values);
        if (!controller.signal.aborted) setState({ key, values });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [key, layer]);
  if (!key) return null;
  return state?.key === key ? state.values : cache.get(key) ?? null;
}
