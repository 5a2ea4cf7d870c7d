/**
 * The shape of a bit-width method in the registry (./index.ts): what it is called, what
 * its budget knob means, and how it decides a config for a loaded model. A method file
 * exports one `defineMethod({ info, decide })`; ./run.ts evaluates what it decides.
 */
import type { MethodInput } from '../../quant/methods/common';
import type { StudioConfig } from '../../quant/types';
import type { CalibrationData, EvaluationData, EvaluationResult, RunningFigure } from '../evaluate';
import type { LoadedModel } from '../types';

export interface MethodInfo<N extends string = string> {
  name: N;
  title: string;
  /** What the budget knob is, with its unit. */
  knob: string;
  defaultBudget: number;
  /** Knob values that trace the method's curve (results, Pareto chart). */
  curve: readonly number[];
  /** Needs labelled training images and a differentiable model (CQ, EBS). */
  needsGradients: boolean;
}

export interface MethodData {
  /** Images the reported figures are measured on (the demo: the test split). */
  evaluation: EvaluationData;
  /** Labeled images for the gradient methods (CQ importance, EBS training): the train split. */
  train?: EvaluationData;
  /** Images the CQ search checks its accuracy constraint on (default: train, else evaluation). */
  validation?: EvaluationData;
  /** Activation calibration images (default: the first 64 evaluation images). */
  calibration?: CalibrationData;
}

export interface MethodProgress {
  method: string;
  /** 'importance' | 'search' | 'train' | 'evaluate:…' */
  stage: string;
  done: number;
  total: number;
  /** EBS: the current loss; CQ: the accuracy of the last candidate. */
  loss?: number;
  accuracy?: number;
  message?: string;
  /** Evaluation: the quantized pass's accuracy / agreement over the images done so far. */
  running?: RunningFigure;
}

export interface RunMethodOptions {
  budget?: number | null;
  settings?: Record<string, unknown>;
  signal?: AbortSignal;
  onProgress?: (p: MethodProgress) => void;
  batchSize?: number;
}

export interface MethodRun {
  config: StudioConfig;
  evaluation: EvaluationResult;
  ms: number;
}

/** Everything a method needs to decide: the model, the pure methods' input, the knob, the data. */
export interface MethodContext {
  loaded: LoadedModel;
  input: MethodInput;
  /** The knob's value (the method's default when the caller gave none). */
  budget: number;
  data: MethodData;
  /**
   * The caller's settings, passed through as given (CLI `--settings`, results script); each
   * method reads the ones it knows and ignores the rest.
   */
  settings: Record<string, unknown>;
  signal?: AbortSignal;
  onProgress?: (p: MethodProgress) => void;
  batchSize?: number;
}

export interface MethodDefinition<N extends string = string> {
  info: MethodInfo<N>;
  /** The config the method chooses at `ctx.budget` (not yet evaluated, except inside CQ/EBS). */
  decide(ctx: MethodContext): StudioConfig | Promise<StudioConfig>;
}

/** Identity with the name's literal type kept, so the registry can derive `MethodName`. */
export function defineMethod<N extends string>(def: MethodDefinition<N>): MethodDefinition<N> {
  return def;
}
