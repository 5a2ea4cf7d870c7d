/** EBS — placeholder until the search lands (next commit). */
import type { MethodInput } from '../quant/methods/common';
import type { StudioConfig } from '../quant/types';
import type { MethodData, RunMethodOptions } from './evaluateMethod';
import { assertDifferentiable } from './gradients';
import type { LoadedModel } from './types';

export async function runEbs(loaded: LoadedModel, _input: MethodInput, _lambda: number, _data: MethodData, _opts: RunMethodOptions): Promise<StudioConfig> {
  assertDifferentiable(loaded, 'EBS');
  throw new Error('EBS is not implemented yet');
}
