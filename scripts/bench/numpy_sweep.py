#!/usr/bin/env python3
"""Reference weight sweep in vectorised NumPy, the baseline `npm run bench` times the CLI against.

    python3 scripts/bench/numpy_sweep.py <model.json> [--repeat N] [--sqnr]

Reads a tfjs model (LayersModel or GraphModel, float32 weights) from its model.json and
weight shards, takes every conv / depthwise / dense kernel as stored (a GraphModel's are
batch-norm folded already; a LayersModel's batch norm is not folded here, which changes the
values, not the work), and computes the weight SQNR of three closed-form schemes at 2..8
bits, per tensor and per output filter, errors summed in float64:

  fixed  s = max|x| / (2^(b-1) - 1),  q = clip(round(x/s), -(2^(b-1)-1), 2^(b-1)-1) * s
  dfp    IL = ceil(log2 max|x|) + 1,  q = clip(round(x * 2^(b-IL)), -2^(b-1), 2^(b-1)-1) * 2^(IL-b)
  log2   e_max = round(log2 max|x|), e = round(log2|x|), L = 2^(b-1) - 1,
         q = sign(x) * 2^min(e, e_max) if e >= e_max - L + 1 else 0

(the studio's fixed, dfp and log2 quantizers for signed data). Work shared between bit-widths
(|x|, log2|x|, x^2 sums, per-filter maxima) is computed once per tensor, as a NumPy user would.
Prints one JSON line: {"seconds": best sweep time, "elements", "tensors", "configs", "numpy"};
with --sqnr also the per-tensor SQNR table {layer: {scheme: {bits: dB}}} to cross-check.
Only the sweep is timed, not reading the files.
"""
import json
import math
import os
import sys
import time

import numpy as np

BITS = range(2, 9)
KERNEL_OPS = {'Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'MatMul', '_FusedMatMul'}
KERNEL_CLASSES = {'Conv2D': 'conv', 'DepthwiseConv2D': 'depthwise', 'Dense': 'dense'}


def read_weights(model_path):
    with open(model_path) as f:
        model = json.load(f)
    root = os.path.dirname(model_path)
    out = {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(root, p), 'rb').read() for p in group['paths'])
        off = 0
        for spec in group['weights']:
            n = int(np.prod(spec['shape'])) if spec['shape'] else 1
            dtype = {'float32': np.float32, 'int32': np.int32}[spec['dtype']]
            if 'quantization' in spec:
                raise SystemExit(f"{spec['name']}: quantized weights are not supported by the reference")
            out[spec['name']] = np.frombuffer(data, dtype=dtype, count=n, offset=off).reshape(spec['shape'])
            off += n * 4
    return model, out


def kernels(model, weights):
    """(name, kernel, filters) for every quantizable kernel, in model order."""
    found = []
    if model.get('format') == 'graph-model':
        nodes = {n['name']: n for n in model['modelTopology']['node']}
        for n in model['modelTopology']['node']:
            if n['op'] in KERNEL_OPS:
                w = weights[nodes[n['input'][1].split(':')[0]]['name']]
                depthwise = 'Depthwise' in n['op']
                filters = w.shape[2] * w.shape[3] if depthwise else w.shape[-1]
                found.append((n['name'], w, filters))
    else:
        layers = model['modelTopology']['model_config']['config']['layers']
        for layer in layers:
            kind = KERNEL_CLASSES.get(layer['class_name'])
            if kind:
                name = layer['config']['name']
                key = 'depthwise_kernel' if kind == 'depthwise' else 'kernel'
                w = weights[f'{name}/{key}']
                filters = w.shape[2] * w.shape[3] if kind == 'depthwise' else w.shape[-1]
                found.append((name, w, filters))
    return found


def sqnr(signal, noise):
    return np.where(noise > 0, 10 * np.log10(signal / np.maximum(noise, 1e-300)), np.inf)


def sweep_tensor(w, filters):
    """{scheme: {bits: (per-tensor dB, per-filter dB array)}} for one kernel."""
    x = w.reshape(-1, filters)  # element i belongs to filter i % filters: column f
    x64sq = np.square(x, dtype=np.float64)
    sig_t = x64sq.sum()
    sig_f = x64sq.sum(axis=0)
    ax = np.abs(x)
    r_t = float(ax.max())
    r_f = ax.max(axis=0)
    with np.errstate(divide='ignore'):
        e = np.round(np.log2(ax))
        e_max_t = math.floor(math.log2(r_t) + 0.5) if r_t > 0 else 0
        e_max_f = np.round(np.log2(r_f))
    sign = np.sign(x)
    out = {'fixed': {}, 'dfp': {}, 'log2': {}}

    def noise(q):
        d = x - q
        d2 = np.square(d, dtype=np.float64)
        return d2.sum(), d2.sum(axis=0)

    def both(fn):
        nt, _ = noise(fn(r_t, e_max_t))
        _, nf = noise(fn(r_f, e_max_f))
        return sqnr(sig_t, nt), sqnr(sig_f, nf)

    for b in BITS:
        m = 2 ** (b - 1) - 1

        def fixed(r, _e):
            s = np.where(r > 0, r / m, 1)
            return np.clip(np.round(x / s), -m, m) * s

        def dfp(r, _e):
            with np.errstate(divide='ignore'):
                il = np.ceil(np.log2(np.maximum(r, 1e-45))) + 1
            step = np.exp2(il - b)
            return np.clip(np.round(x / step), -(m + 1), m) * step

        def log2(_r, e_max):
            return np.where(e >= e_max - m + 1, sign * np.exp2(np.minimum(e, e_max)), 0)

        out['fixed'][b] = both(fixed)
        out['dfp'][b] = both(dfp)
        out['log2'][b] = both(log2)
    return out


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    repeat = int(args[args.index('--repeat') + 1]) if '--repeat' in args else 1
    model, weights = read_weights(args[0])
    ks = kernels(model, weights)
    best = math.inf
    tables = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        tables = [(name, sweep_tensor(w, f)) for name, w, f in ks]
        best = min(best, time.perf_counter() - t0)
    result = {
        'seconds': best, 'elements': int(sum(w.size for _, w, _ in ks)), 'tensors': len(ks),
        'configs': 3 * len(BITS) * 2, 'numpy': np.__version__,
    }
    if '--sqnr' in args:
        result['sqnr'] = {name: {s: {str(b): float(v[0]) for b, v in t.items()} for s, t in tab.items()} for name, tab in tables}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
