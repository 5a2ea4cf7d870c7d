/**
 * Short layer names a person can tell apart, as Netron and Model Explorer show them:
 * converted models put every node under one long scope (`StatefulPartitionedCall/model_1/…`)
 * and end it with the op (`…/Conv2D`, `…/BiasAdd`), so the part that differs sits in the
 * middle and is what an end-cut hides. Here the scope all names share is removed, a trailing
 * op segment is dropped when the names stay distinct without it, and what is still longer
 * than `max` loses its middle (`block_3…project/conv`), the end kept longer than the start.
 * The full name stays available on hover and in the layer detail.
 */

export const DISPLAY_NAME_MAX = 48;

/** Trailing segments that name the op rather than the layer. */
const OP_SEGMENT = /^(Conv2D|Conv2d|DepthwiseConv2dNative|depthwise|MatMul|BiasAdd|Relu6?|FusedBatchNormV3|BatchNorm|Add|add|kernel|Identity|Sigmoid|Mul|convolution|Tensordot|Einsum|BiasAdd_\d+)$/;

/** The longest run of whole `/`-segments every name starts with ('' for one name or none shared). */
export function commonScope(names: readonly string[]): string {
  if (names.length < 2) return '';
  const split = names.map((n) => n.split('/'));
  const shortest = Math.min(...split.map((s) => s.length));
  let k = 0;
  // Keep at least one segment of every name.
  while (k < shortest - 1 && split.every((s) => s[k] === split[0][k])) k++;
  return k === 0 ? '' : `${split[0].slice(0, k).join('/')}/`;
}

/** `text` cut to `max` characters by an ellipsis in the middle (two fifths start, the rest end). */
export function middleEllipsis(text: string, max = DISPLAY_NAME_MAX): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.floor(keep * 0.4);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

function withoutOp(name: string): string {
  const parts = name.split('/');
  return parts.length > 1 && OP_SEGMENT.test(parts[parts.length - 1]) ? parts.slice(0, -1).join('/') : name;
}

/** Display name of every name, in a map from full name. Example: see the module comment. */
export function displayNames(names: readonly string[], max = DISPLAY_NAME_MAX): Map<string, string> {
  const scope = commonScope(names);
  const bare = names.map((n) => n.slice(scope.length) || n);
  const trimmed = bare.map(withoutOp);
  const distinct = new Set(trimmed).size === new Set(bare).size;
  const chosen = distinct ? trimmed : bare;
  return new Map(names.map((n, i) => [n, middleEllipsis(chosen[i], max)]));
}
