/**
 * Corpus cases for config JSON imports, cut from a real config of the base model (the
 * studio's own analysis output): a config for another model, out-of-range bit-widths,
 * unknown schemes, wrong format/version, broken JSON and prototype keys.
 */
import type { StudioConfig } from '../../src/quant/types';
import { enc, type FileMap, type Json } from './base';
import { error, loads, type Category, type CorpusEntry, type Expectation } from './types';

function config(id: string, category: Category, note: string, files: FileMap, text: string, expect: Expectation): CorpusEntry {
  return { id, category, note, kind: 'config', files, config: enc(text), expect };
}

/** Config text after `edit` on a deep copy (layer 0 = the first quantizable layer). */
function edited(base: StudioConfig, edit: (c: Json) => void): string {
  const c = structuredClone(base) as Json;
  edit(c);
  return JSON.stringify(c, (_k, v) => (v === Infinity ? 'Infinity' : v));
}

/**
 * `valid`: the base model's config; `other`: a config of a different model (or null, then
 * one is faked by changing the weight hash). `files`: the base model, loaded before import.
 */
export function configCases(valid: StudioConfig, other: StudioConfig | null, files: FileMap): CorpusEntry[] {
  const text = edited(valid, () => {});
  const layer0 = (c: Json) => c.layers[0];
  const filters = valid.layers[0].filters;
  const out: CorpusEntry[] = [config('config-valid', 'control', 'the base model\'s own config', files, text, loads())];
  const otherText = other ? edited(other, () => {}) : edited(valid, (c) => {
    c.model.hash = c.model.hash.split('').reverse().join('');
    c.model.name = 'another-model';
  });
  out.push(config('config-other-model', 'config-other-model', `config of ${other ? other.model.name : 'a model with other weights'}`,
    files, otherText, error(/another model|is for model|belongs to|does not match/i)));
  out.push(config('config-other-model-layers', 'config-other-model', 'same weights hash, layer names of another model', files,
    edited(valid, (c) => { for (const l of c.layers) l.name = `other_${l.name}`; }), error(/other_/, /does not exist|unknown layer|not in/i)));

  const bits: [string, unknown][] = [['0', 0], ['17', 17], ['64', 64], ['negative', -4], ['fraction', 4.5], ['string', '8'], ['null', null]];
  for (const [id, value] of bits) {
    out.push(config(`config-bits-${id}`, 'config-bits', `layers[0].weights.bits = ${JSON.stringify(value)}`, files,
      edited(valid, (c) => { layer0(c).weights.bits = value; }), error(/bits/)));
  }
  out.push(config('config-bits-per-filter-0', 'config-bits', 'a per-filter bit-width of 0', files,
    edited(valid, (c) => { Object.assign(layer0(c).weights, { granularity: 'per-filter', bits: Array(filters).fill(4).map((b, i) => (i === 0 ? 0 : b)) }); }),
    error(/bits/)));
  out.push(config('config-bits-per-filter-length', 'config-bits', `${filters + 3} per-filter bit-widths for ${filters} filters`, files,
    edited(valid, (c) => { Object.assign(layer0(c).weights, { granularity: 'per-filter', bits: Array(filters + 3).fill(4), scales: undefined }); }),
    error(/bit-widths|bits/, /filters/)));
  out.push(config('config-bits-activation-99', 'config-bits', 'activation bits 99', files,
    edited(valid, (c) => { layer0(c).activations = { scheme: 'fixed', bits: 99 }; }), error(/activations/, /bits/)));

  const schemes: [string, (c: Json) => void, RegExp][] = [
    ['weights-unknown', (c) => { layer0(c).weights.scheme = 'int4-magic'; }, /weights\.scheme/],
    ['weights-uppercase', (c) => { layer0(c).weights.scheme = 'FIXED'; }, /weights\.scheme/],
    ['activations-nlq', (c) => { layer0(c).activations = { scheme: 'nlq', bits: 8 }; }, /activations\.scheme/],
    ['granularity', (c) => { layer0(c).weights.granularity = 'per-channel'; }, /granularity/],
  ];
  for (const [id, edit, re] of schemes) out.push(config(`config-scheme-${id}`, 'config-scheme', id, files, edited(valid, edit), error(re)));

  const formats: [string, (c: Json) => void, RegExp][] = [
    ['other-format', (c) => { c.format = 'quantization-studio/model'; }, /format/],
    ['no-format', (c) => { delete c.format; }, /format/],
    ['version-2', (c) => { c.version = 2; }, /version/],
    ['version-string', (c) => { c.version = '1'; }, /version/],
    ['bad-hash', (c) => { c.model.hash = 'not-a-hash'; }, /hash/],
  ];
  for (const [id, edit, re] of formats) out.push(config(`config-format-${id}`, 'config-format', id, files, edited(valid, edit), error(re)));
  out.push(config('config-format-truncated-json', 'config-format', 'config cut in half', files, text.slice(0, text.length >> 1), error(/JSON/)));
  out.push(config('config-format-array', 'config-format', 'a JSON array', files, '[]', error(/object|format/)));
  out.push(config('config-prototype-keys', 'prototype-keys', '"__proto__" and constructor.prototype keys in the config', files,
    text.replace('{', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},'), loads()));
  return out;
}
