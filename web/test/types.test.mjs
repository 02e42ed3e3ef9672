// The TypeScript declaration of Report (hand-written in
// crates/certgate-wasm/src/types.rs) names every field real reports have,
// and every required field is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { inspect, lint, validateChain } from 'certgate';
import { checkObjects } from 'certgate/kubernetes';

const dts = readFileSync(new URL('../pkg/certgate.d.ts', import.meta.url), 'utf8');
const interfaces = new Map();
for (const [, name, body] of dts.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
  const fields = new Map();
  for (const [, field, optional, type] of body.replace(/\/\*\*[\s\S]*?\*\//g, '').matchAll(/^\s*(\w+)(\??):\s*([^;]+);/gm)) {
    fields.set(field, { optional: optional === '?', type: type.trim() });
  }
  interfaces.set(name, fields);
}

function check(value, typeName, where) {
  const fields = interfaces.get(typeName);
  assert.ok(fields, `no interface ${typeName}`);
  for (const key of Object.keys(value)) assert.ok(fields.has(key), `${where}.${key} is not declared in ${typeName}`);
  for (const [field, { optional, type }] of fields) {
    if (!optional) assert.ok(field in value, `${where}.${field} (required in ${typeName}) is missing`);
    const item = value[field];
    if (item === null || item === undefined) {
      if (!optional) assert.ok(item === null && /\| null/.test(type), `${where}.${field} is ${item}, declared ${type}`);
      continue;
    }
    const named = /^(\w+)(\[\])?( \| null)?$/.exec(type);
    if (named && interfaces.has(named[1])) {
      for (const [index, element] of (named[2] ? item : [item]).entries()) check(element, named[1], `${where}.${field}[${index}]`);
    }
  }
}

test('reports match their TypeScript declaration', () => {
  const pki = new URL('../../examples/pki/', import.meta.url);
  const read = (name) => readFileSync(new URL(name, pki));
  const reports = [
    ...readdirSync(pki).map((name) => lint(read(name), { role: 'bundle' })).filter(Boolean),
    inspect(read('server-chain.pem')),
    validateChain(read('server-chain.pem'), { trustAnchors: read('root-ca.pem'), dnsName: 'wrong.example.com' }),
    checkObjects(readFileSync(new URL('../../examples/k8s/not-chaining/manifests.yaml', import.meta.url), 'utf8')),
  ].filter((report) => report);
  for (const report of reports) check(report, 'Report', 'report');
});
