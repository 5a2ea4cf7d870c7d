/**
 * Corpus cases that damage files as files: shard lengths, missing and empty files, broken
 * JSON, JSON that is not a model, and zip archives (valid, bomb, too many entries, cut).
 * Cut points and variants are enumerated, not hand-picked: every entry is expected to fail
 * with a message naming the file and the problem.
 */
import { editJson, enc, withFile, type Bases, type BaseModel, type FileMap } from './base';
import { error, lit, loads, type CorpusEntry } from './types';
import { manyEntriesZip, zipBomb, zipFiles } from './zipBomb';

const SHARD_CUTS: [string, (n: number) => number][] = [
  ['1byte', () => 1], ['25pct', (n) => Math.floor(n / 4)], ['50pct', (n) => Math.floor(n / 2)],
  ['75pct', (n) => Math.floor((3 * n) / 4)], ['minus4', (n) => n - 4], ['minus1', (n) => n - 1],
];
const EXTRA: [string, (n: number) => number][] = [['plus1', () => 1], ['plus4', () => 4], ['doubled', (n) => n]];
const JSON_CUTS: [string, (n: number) => number][] = [
  ['1byte', () => 1], ['10pct', (n) => Math.floor(n / 10)], ['50pct', (n) => Math.floor(n / 2)],
  ['90pct', (n) => Math.floor((9 * n) / 10)], ['minus1', (n) => n - 1],
];

function model(id: string, category: CorpusEntry['category'], note: string, files: FileMap, expect: CorpusEntry['expect']): CorpusEntry {
  return { id, category, note, kind: 'model', files, expect };
}

function lastShard(b: BaseModel): string {
  const g = b.shards[b.shards.length - 1];
  return g[g.length - 1];
}

function shardCases(primary: BaseModel, multi: BaseModel): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const targets: [string, BaseModel, string][] = [['', primary, lastShard(primary)]];
  const mid = multi.shards[0][Math.floor((multi.shards[0].length - 1) / 2)];
  if (multi.shards[0].length > 1) targets.push(['-middle', multi, mid]);
  for (const [suffix, base, shard] of targets) {
    const bytes = base.files.get(shard)!;
    for (const [name, cut] of SHARD_CUTS) {
      if (suffix && name !== '50pct' && name !== 'minus4') continue;
      out.push(model(`truncated-shard${suffix}-${name}`, 'truncated-shard', `${shard} cut to ${cut(bytes.length)} of ${bytes.length} bytes`,
        withFile(base.files, shard, bytes.slice(0, cut(bytes.length))), error(lit(shard), /truncated/i)));
    }
    for (const [name, extra] of EXTRA) {
      if (suffix && name !== 'plus4') continue;
      const longer = new Uint8Array(bytes.length + extra(bytes.length));
      longer.set(bytes);
      out.push(model(`overlong-shard${suffix}-${name}`, 'overlong-shard', `${shard} with ${extra(bytes.length)} extra bytes`,
        withFile(base.files, shard, longer), error(lit(shard), /too long|extra|longer/i)));
    }
  }
  const all = multi.shards[0];
  for (const i of new Set([0, Math.floor(all.length / 2), all.length - 1])) {
    out.push(model(`missing-shard-${i + 1}of${all.length}`, 'missing-shard', `${all[i]} not dropped`,
      withFile(multi.files, all[i], null), error(lit(all[i]), /missing|not found/i)));
  }
  const onlyJson = new Map([['model.json', primary.files.get('model.json')!]]);
  out.push(model('missing-shard-all', 'missing-shard', 'model.json dropped alone', onlyJson, error(lit(primary.shards[0][0]), /missing|not found/i)));
  out.push(model('empty-shard', 'empty-file', `${lastShard(primary)} is 0 bytes`,
    withFile(primary.files, lastShard(primary), new Uint8Array(0)), error(lit(lastShard(primary)), /empty|truncated/i)));
  if (all.length > 1) {
    out.push(model('empty-shard-middle', 'empty-file', `${mid} is 0 bytes`, withFile(multi.files, mid, new Uint8Array(0)), error(lit(mid), /empty|truncated/i)));
  }
  return out;
}

function jsonCases(b: BaseModel): CorpusEntry[] {
  const text = b.files.get('model.json')!;
  const out: CorpusEntry[] = [
    model('empty-model-json', 'empty-file', 'model.json is 0 bytes', withFile(b.files, 'model.json', new Uint8Array(0)), error(/model\.json/, /empty/i)),
    model('blank-model-json', 'empty-file', 'model.json holds only whitespace', withFile(b.files, 'model.json', enc(' \n\t\n ')), error(/model\.json/, /empty/i)),
  ];
  out.push(model('model-json-bom', 'control', 'model.json with a UTF-8 byte-order mark', withFile(b.files, 'model.json', new Uint8Array([0xef, 0xbb, 0xbf, ...text])), loads()));
  out.push(model('model-json-pretty-crlf', 'control', 'model.json re-indented with CRLF line ends',
    withFile(b.files, 'model.json', enc(JSON.stringify(b.json, null, 2).replace(/\n/g, '\r\n'))), loads()));
  for (const [name, cut] of JSON_CUTS) {
    out.push(model(`invalid-json-cut-${name}`, 'invalid-json', `model.json cut to ${cut(text.length)} of ${text.length} bytes`,
      withFile(b.files, 'model.json', text.slice(0, cut(text.length))), error(/model\.json/, /invalid JSON/i)));
  }
  const garbage: [string, string, Uint8Array][] = [
    ['trailing-garbage', 'a stray "}x" after the document', new Uint8Array([...text, ...enc('}x')])],
    ['single-quotes', "keys in single quotes (JS, not JSON)", enc(`{'format': 'layers-model'}`)],
    ['nan-literal', 'a bare NaN value', enc(`{"format":"layers-model","modelTopology":{"x":NaN}}`)],
    ['not-utf8', 'bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0x7d])],
    ['binary', 'a weight shard dropped as model.json', b.files.get(b.shards[0][0])!.slice(0, 4096)],
  ];
  for (const [id, note, bytes] of garbage) {
    out.push(model(`invalid-json-${id}`, 'invalid-json', note, withFile(b.files, 'model.json', bytes), error(/model\.json/, /invalid JSON|not UTF-8/i)));
  }
  const notModel: [string, string][] = [
    ['object', '{}'], ['array', '[]'], ['null', 'null'], ['number', '42'], ['string', '"model"'], ['true', 'true'],
    ['null-topology', '{"modelTopology":null,"weightsManifest":[]}'], ['format-only', '{"format":"layers-model"}'],
    ['package-json', '{"name":"x","version":"1.0.0","dependencies":{}}'],
    ['studio-config', '{"format":"quantization-studio/config","version":1,"layers":[]}'],
    ['deep-nesting', `${'['.repeat(100000)}${']'.repeat(100000)}`],
  ];
  for (const [id, json] of notModel) {
    out.push(model(`not-a-model-${id}`, 'not-a-model', `model.json = ${json.slice(0, 40)}`, withFile(b.files, 'model.json', enc(json)),
      error(/model\.json/, /not a (JSON object|tfjs|TensorFlow)|modelTopology|top level/i)));
  }
  out.push(model('not-a-model-topology-junk', 'not-a-model', 'modelTopology is an object of junk',
    editJson(b, (j) => { j.modelTopology = { foo: 1 }; }), error(/model\.json/, /format|modelTopology/i)));
  out.push(model('not-a-model-no-json', 'not-a-model', 'only weight shards dropped', withFile(b.files, 'model.json', null), error(/model\.json/)));
  return out;
}

function zipCases(b: BaseModel): CorpusEntry[] {
  const zip = zipFiles(b.files);
  const nested = zipFiles(new Map([...b.files].map(([k, v]) => [`lenet/${k}`, v])));
  const one = (bytes: Uint8Array): FileMap => new Map([['model.zip', bytes]]);
  return [
    model('zip-valid', 'control', 'the base model zipped', one(zip), loads()),
    model('zip-valid-folder', 'control', 'the base model zipped inside a folder', one(nested), loads()),
    model('zip-bomb-1gib', 'zip', '1 GiB of zeros in ~1 MiB, honest headers', one(zipBomb({ name: 'group1-shard1of1.bin' })),
      error(/model\.zip/, /zip bomb/i, /GiB/)),
    model('zip-bomb-lying-headers', 'zip', '1 GiB of zeros whose headers claim 4 KiB', one(zipBomb({ declaredBytes: 4096 })),
      error(/model\.zip/, /zip bomb/i, /ratio/)),
    model('zip-too-many-entries', 'zip', 'the model plus 5000 tiny files', one(manyEntriesZip(5000, b.files)), error(/model\.zip/, /entries/i)),
    model('zip-truncated', 'zip', 'the zipped model cut in half', one(zip.slice(0, zip.length >> 1)), error(/model\.zip/, /zip/i)),
    model('zip-no-model-json', 'zip', 'a zip of the shards only', one(zipFiles(withFile(b.files, 'model.json', null))), error(/model\.json/)),
    model('zip-not-a-zip', 'zip', 'a shard renamed to model.zip', one(b.files.get(b.shards[0][0])!.slice()), error(/model\.zip|model\.json/)),
  ];
}

export function fileCases(bases: Bases): CorpusEntry[] {
  return [...shardCases(bases.primary, bases.secondary), ...jsonCases(bases.primary), ...zipCases(bases.primary)];
}
