/**
 * Test fixture (imported by *.test.ts only): a small RGB LayersModel whose input [8,8,3]
 * matches none of the studio's data, as model.json + one weight shard.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mulberry32 } from '../quant/random';

/** A small RGB LayersModel [8,8,3] → conv(4, relu) → flatten → dense(3), as model.json + one shard. */
export async function rgbModelFiles(): Promise<Map<string, Uint8Array>> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ units: 3, name: 'fc' }),
    ],
  });
  const r = mulberry32(3);
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length) layer.setWeights(ws.map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => r() * 2 - 1), w.shape)));
  }
  let json = '';
  let bin = new Uint8Array(0);
  await model.save(tf.io.withSaveHandler(async (a) => {
    json = JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
    bin = new Uint8Array(a.weightData as ArrayBuffer);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  return new Map([['model.json', new TextEncoder().encode(json)], ['w.bin', bin]]);
}
