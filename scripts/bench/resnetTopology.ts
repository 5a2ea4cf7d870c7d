/**
 * ResNet-like tfjs LayersModel topologies for the scale benchmarks (He et al. 2016,
 * "Deep Residual Learning for Image Recognition", arXiv:1512.03385, Table 1).
 *
 * Layers are built with zero initialisers (allocation only, no random draws); the
 * generator writes its own He-normal weights afterwards, which is far faster than tfjs's
 * truncated-normal initialisers on the plain-JS CPU backend.
 */
import * as tf from '@tensorflow/tfjs';

type Sym = tf.SymbolicTensor;

export interface ResNetSpec {
  /** Folder name under .synthetic/ */
  name: string;
  block: 'basic' | 'bottleneck';
  /** Output channels of the stem conv. */
  stem: number;
  /** Base channels of the four stages (a bottleneck stage outputs 4×). */
  widths: [number, number, number, number];
  /** Blocks per stage. */
  depths: [number, number, number, number];
  classes: number;
  inputSize: number;
}

const scaled = (w: number): [number, number, number, number] =>
  [64, 128, 256, 512].map((c) => Math.round(c * w)) as [number, number, number, number];

/** The four scale points of the benchmark: ≈1M, ≈4M, 11.7M (ResNet-18), 25.6M (ResNet-50). */
export const SYNTHETIC_RESNETS: readonly ResNetSpec[] = [
  { name: 'resnet-1m', block: 'basic', stem: 18, widths: scaled(0.28), depths: [2, 2, 2, 2], classes: 1000, inputSize: 224 },
  { name: 'resnet-4m', block: 'basic', stem: 36, widths: scaled(0.57), depths: [2, 2, 2, 2], classes: 1000, inputSize: 224 },
  { name: 'resnet18', block: 'basic', stem: 64, widths: scaled(1), depths: [2, 2, 2, 2], classes: 1000, inputSize: 224 },
  { name: 'resnet50', block: 'bottleneck', stem: 64, widths: scaled(1), depths: [3, 4, 6, 3], classes: 1000, inputSize: 224 },
];

const zeros = 'zeros' as const;

function conv(x: Sym, filters: number, kernelSize: number, strides: number, name: string): Sym {
  return tf.layers.conv2d({
    filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: zeros, name,
  }).apply(x) as Sym;
}

function bn(x: Sym, name: string): Sym {
  return tf.layers.batchNormalization({
    name, gammaInitializer: 'ones', betaInitializer: zeros,
    movingMeanInitializer: zeros, movingVarianceInitializer: 'ones',
  }).apply(x) as Sym;
}

const relu = (x: Sym, name: string): Sym => tf.layers.activation({ activation: 'relu', name }).apply(x) as Sym;

function shortcut(x: Sym, outC: number, stride: number, name: string): Sym {
  const inC = x.shape[x.shape.length - 1] as number;
  if (stride === 1 && inC === outC) return x;
  return bn(conv(x, outC, 1, stride, `${name}_down_conv`), `${name}_down_bn`);
}

function basicBlock(x: Sym, c: number, stride: number, name: string): Sym {
  let y = relu(bn(conv(x, c, 3, stride, `${name}_conv1`), `${name}_bn1`), `${name}_relu1`);
  y = bn(conv(y, c, 3, 1, `${name}_conv2`), `${name}_bn2`);
  const s = shortcut(x, c, stride, name);
  return relu(tf.layers.add({ name: `${name}_add` }).apply([y, s]) as Sym, `${name}_out`);
}

function bottleneckBlock(x: Sym, c: number, stride: number, name: string): Sym {
  let y = relu(bn(conv(x, c, 1, 1, `${name}_conv1`), `${name}_bn1`), `${name}_relu1`);
  y = relu(bn(conv(y, c, 3, stride, `${name}_conv2`), `${name}_bn2`), `${name}_relu2`);
  y = bn(conv(y, 4 * c, 1, 1, `${name}_conv3`), `${name}_bn3`);
  const s = shortcut(x, 4 * c, stride, name);
  return relu(tf.layers.add({ name: `${name}_add` }).apply([y, s]) as Sym, `${name}_out`);
}

/** Build the (zero-initialised) LayersModel of a spec. */
export function buildResNet(spec: ResNetSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 3], name: 'image' });
  let x = relu(bn(conv(input, spec.stem, 7, 2, 'stem_conv'), 'stem_bn'), 'stem_relu');
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' }).apply(x) as Sym;
  const block = spec.block === 'basic' ? basicBlock : bottleneckBlock;
  spec.widths.forEach((c, stage) => {
    for (let i = 0; i < spec.depths[stage]; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      x = block(x, c, stride, `s${stage + 1}b${i + 1}`);
    }
  });
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Sym;
  const out = tf.layers.dense({
    units: spec.classes, activation: 'softmax', kernelInitializer: zeros, name: 'fc',
  }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: out, name: spec.name });
}
