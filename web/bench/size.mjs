// Size budget: the .wasm plus JS glue, gzipped, against 120 KB; and what
// each part costs, twiggy-style, from the function names of a copy of the
// wasm optimised the same way (`wasm-opt -Oz -g`, names kept).
//
//   node bench/size.mjs            (after scripts/web-build.sh)
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';

const web = fileURLToPath(new URL('..', import.meta.url));
const budget = 120 * 1024;
const gz = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const shipped = [
  ['pkg/certgate_bg.wasm', 'WebAssembly'],
  ['pkg/certgate.js', 'JS glue (wasm-bindgen)'],
  ['node.js', 'Node entry (sync load)'],
];
console.log('certgate npm package, shipped files (gzip -9):\n');
let total = 0;
for (const [file, what] of shipped) {
  const bytes = readFileSync(path.join(web, file));
  const size = gz(bytes);
  if (file !== 'node.js') total += size;
  console.log(`  ${file.padEnd(24)} ${String(bytes.length).padStart(8)} B raw  ${kb(size).padStart(9)} gz   ${what}`);
}
console.log(`\n  wasm + JS glue: ${kb(total)} gzipped; budget ${kb(budget)}: ${total <= budget ? 'OK' : 'OVER'}\n`);

// --- Breakdown -------------------------------------------------------------

const unoptimised = path.join(web, '../target/web/certgate_bg.unopt.wasm');
if (!existsSync(unoptimised)) {
  console.log(`(no ${unoptimised}: run scripts/web-build.sh for the breakdown)`);
  process.exit(total <= budget ? 0 : 1);
}
const scratch = mkdtempSync(path.join(tmpdir(), 'certgate-size-'));
const named = path.join(scratch, 'named.wasm');
execFileSync(path.join(web, 'node_modules/.bin/wasm-opt'), ['-Oz', '-g', '--strip-producers', unoptimised, '-o', named]);
const wasm = readFileSync(named);
rmSync(scratch, { recursive: true, force: true });

function reader(bytes, start = 0) {
  let at = start;
  return {
    get at() { return at; },
    set at(value) { at = value; },
    byte: () => bytes[at++],
    uleb() {
      let result = 0, shift = 0, byte;
      do { byte = bytes[at++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
      return result;
    },
    name() {
      const length = this.uleb();
      const text = new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length;
      return text;
    },
  };
}

const sections = [];
{
  const r = reader(wasm, 8);
  while (r.at < wasm.length) {
    const id = r.byte();
    const size = r.uleb();
    const start = r.at;
    const name = id === 0 ? r.name() : undefined;
    sections.push({ id, start, end: start + size, name, contentStart: r.at });
    r.at = start + size;
  }
}
const section = (id, name) => sections.find((s) => s.id === id && (name === undefined || s.name === name));

let importedFunctions = 0;
const imports = section(2);
if (imports) {
  const r = reader(wasm, imports.start);
  for (let count = r.uleb(); count > 0; count -= 1) {
    r.name(); r.name();
    const kind = r.byte();
    if (kind === 0) { r.uleb(); importedFunctions += 1; }
    else if (kind === 1) { r.byte(); const flags = r.uleb(); r.uleb(); if (flags & 1) r.uleb(); }
    else if (kind === 2) { const flags = r.uleb(); r.uleb(); if (flags & 1) r.uleb(); }
    else if (kind === 3) { r.byte(); r.byte(); }
    else if (kind === 4) { r.byte(); r.uleb(); }
  }
}

const names = new Map();
const nameSection = section(0, 'name');
if (nameSection) {
  const r = reader(wasm, nameSection.contentStart);
  while (r.at < nameSection.end) {
    const kind = r.byte();
    const size = r.uleb();
    const end = r.at + size;
    if (kind === 1) {
      for (let count = r.uleb(); count > 0; count -= 1) names.set(r.uleb(), r.name());
    }
    r.at = end;
  }
}

/** Which part of certgate a function belongs to, by its demangled path. */
function part(name) {
  if (/ (externref|multivalue) shim|^__wbg|^__wbindgen/.test(name)) return 'certgate-wasm bindings (exports, with what they inline)';
  let path = name.replace(/\[[0-9a-f]+\]/g, '').replace(/^[<&*]+|^(mut |const |dyn )+/g, '').replace(/^[<&*]+/, '');
  const [crate, module] = path.split('::');
  const table = [
    [/^(rsa|crypto_bigint|num_bigint|num_traits|num_integer)$/, 'RSA (rsa, crypto-bigint)'],
    [/^(p256)$/, 'ECDSA P-256'],
    [/^(p384)$/, 'ECDSA P-384'],
    [/^(p521)$/, 'ECDSA P-521'],
    [/^(ecdsa|elliptic_curve|primeorder|primefield|ff|group|sec1)$/, 'ECDSA shared (ecdsa, elliptic-curve)'],
    [/^(ed25519_dalek|curve25519_dalek|ed25519)$/, 'Ed25519'],
    [/^(sha2|sha1|digest|block_buffer|crypto_common|hmac|signature)$/, 'hashes (sha1, sha2)'],
    [/^(der|x509_cert|spki|const_oid|pem|pem_rfc7468|base64ct|pkcs1|pkcs8|flagset)$/, 'DER/X.509 parsing (der, x509-cert, spki, const-oid)'],
    [/^(serde|serde_json|serde_core|itoa|ryu|zmij)$/, 'serde + serde_json (report JSON)'],
    [/^(serde_wasm_bindgen|tsify)$/, 'options decoding (serde-wasm-bindgen, tsify)'],
    [/^(wasm_bindgen|js_sys)$/, 'wasm-bindgen, js-sys'],
    [/^(core|alloc|std|dlmalloc|compiler_builtins|hashbrown|memchr|subtle|zeroize|rand_core)$/, 'Rust std/core/alloc, allocator'],
    [/^certgate_wasm$/, 'certgate-wasm bindings'],
    [/^certgate_manifests$|^serde_norway|^unsafe_libyaml|^indexmap$/, 'manifests (YAML)'],
  ];
  if (crate === 'certgate_core') return `certgate-core::${module?.replace(/<.*/, '') ?? '?'}`;
  for (const [pattern, label] of table) if (pattern.test(crate)) return label;
  return /^[a-z_0-9]+$/.test(crate) && path.includes('::') ? `other: ${crate}` : 'unnamed / glue';
}

const groups = new Map();
const add = (label, bytes) => {
  const group = groups.get(label) ?? { raw: 0, chunks: [] };
  group.raw += bytes.length;
  group.chunks.push(bytes);
  groups.set(label, group);
};
const code = section(10);
{
  const r = reader(wasm, code.start);
  const count = r.uleb();
  for (let index = 0; index < count; index += 1) {
    const size = r.uleb();
    const body = wasm.subarray(r.at, r.at + size);
    r.at += size;
    add(part(names.get(importedFunctions + index) ?? ''), body);
  }
}
const data = section(11);
if (data) add('data (strings, tables, OID names, catalogue)', wasm.subarray(data.start, data.end));
let other = 0;
for (const s of sections) if (![10, 11, 0].includes(s.id)) other += s.end - s.start;

const rows = [...groups.entries()].map(([label, g]) => ({ label, raw: g.raw, gz: gz(Buffer.concat(g.chunks)) }));
rows.sort((a, b) => b.raw - a.raw);
const sumGz = rows.reduce((sum, row) => sum + row.gz, 0);
const wasmGz = gz(readFileSync(path.join(web, 'pkg/certgate_bg.wasm')));
console.log('What each part costs (functions grouped by crate/module; gz = each group gzipped alone,');
console.log(`scaled to the shipped .wasm's ${kb(wasmGz)}):\n`);
for (const row of rows) {
  const share = (row.gz / sumGz) * wasmGz;
  console.log(`  ${row.label.padEnd(52)} ${String(row.raw).padStart(8)} B  ~${kb(share).padStart(8)} gz  ${((row.raw / wasm.length) * 100).toFixed(1).padStart(5)}%`);
}
console.log(`  ${'types, imports, exports, tables'.padEnd(52)} ${String(other).padStart(8)} B`);
process.exit(total <= budget ? 0 : 1);
