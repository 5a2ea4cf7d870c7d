/**
 * The registry of bit-width methods: one file per method in this folder, listed here once.
 * The worker (`listMethods`), the page (through it), the CLI (`search --method`) and the
 * results script all list and look up methods from METHOD_LIST. Adding a method is one
 * file exporting `defineMethod({ info, decide })` and one line below.
 */
import { cq } from './cq';
import { ebs } from './ebs';
import { knapsack } from './knapsack';
import { logPerLayer } from './logPerLayer';
import { mxqn } from './mxqn';
import { nlq } from './nlq';
import { random } from './random';
import { uniform } from './uniform';
import { uniformPerFilter } from './uniformPerFilter';
import { w8a8 } from './w8a8';
import type { MethodDefinition, MethodInfo } from './types';

/** In the order the page and the CLI list them. */
export const METHOD_LIST = [
  uniform,
  uniformPerFilter,
  mxqn,
  nlq,
  logPerLayer,
  knapsack,
  cq,
  ebs,
  random,
  w8a8,
] as const;

export type MethodName = (typeof METHOD_LIST)[number]['info']['name'];
/** A registered method's description, as listed to the page and the CLI. */
export type RegisteredMethodInfo = MethodInfo<MethodName>;

export const METHOD_NAMES: readonly MethodName[] = METHOD_LIST.map((m) => m.info.name);

const byName = new Map<string, MethodDefinition<MethodName>>(METHOD_LIST.map((m) => [m.info.name, m]));

export function isMethodName(v: unknown): v is MethodName {
  return typeof v === 'string' && byName.has(v);
}

/** The method called `name`; throws a one-line error listing the known names otherwise. */
export function getMethod(name: string): MethodDefinition<MethodName> {
  const m = byName.get(name);
  if (!m) throw new Error(`unknown method '${name}' (known: ${METHOD_NAMES.join(', ')})`);
  return m;
}

/** Every method's description (copies: callers may keep or send them). */
export function listMethods(): RegisteredMethodInfo[] {
  return METHOD_LIST.map((m) => ({ ...m.info, curve: [...m.info.curve] }));
}

export type { MethodContext, MethodData, MethodDefinition, MethodInfo, MethodProgress, MethodRun, RunMethodOptions } from './types';
