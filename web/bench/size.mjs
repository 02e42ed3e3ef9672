// Size budget per entry point of the package: its .wasm plus JS glue,
// gzipped, against its budget; and what each part costs, twiggy-style, from
// the function names of a copy of the wasm optimised the same way (the
// entry's wasm-opt flags plus -g: names kept).
//
//   node bench/size.mjs                    (after scripts/web-build.sh)
//   node bench/size.mjs --top 40           also the 40 largest functions and data runs
//   node bench/size.mjs --entry kubernetes one entry only
// Exits 1 when an entry is over its budget (scripts/web-test.sh runs it).
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { top: { type: 'string', default: '0' }, entry: { type: 'string' } } });
const web = fileURLToPath(new URL('..', import.meta.url));
const staging = path.join(web, '../target/web');
const gz = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * The entry points and their budgets (gzip -9 of wasm + JS glue). Issue #11
 * asks for 150 KB each; that is out of reach with every signature algorithm
 * kept (the crypto, hash and DER code alone is ~89 KB gz at 293 KB: DER
 * 22.8, core::crypto 22.4, ECDSA (RustCrypto, decoding and P-384/521) 16.2,
 * certgate-primitives 8.9, crypto-bigint 7.0, hashes 6.2, Ed25519 5.3; and
 * the rule texts and OID names ~49), so the budgets are the sizes reached plus ~2%, to catch regressions. The
 * certificate entry carries the OPC UA store checks: 329.2 KB with them,
 * 284.1 KB without (measured when they joined it). The manifest entry
 * grew from 386.7 to 434.4 KB with #9's kinds (trust-manager Bundles, AIO
 * objects, SARIF-ready locations) and the OPC UA store objects of `check`.
 * Then shrunk without dropping an algorithm, rule or message (#11):
 * certificate entry 330.0 -> 302.4 KB, manifest entry 435.3 -> 410.4 KB —
 * one copy of the standard sort (`certgate-core/src/order.rs`, -7.1 KB;
 * its permutation applied in place with swaps, -3.0 KB more),
 * serde/serde_json without std (-1.9 KB) and no serde_json error text
 * (-0.7 KB), crypto-bigint at opt-level s (-12.8 KB), BTreeMaps inserted
 * rather than collected (manifest entry, -3.2 KB), the OPC UA secret-name
 * map sharing the BTreeMap<String, usize> code (-2.1 KB). Then RSA and
 * P-256 verification of our own (crates/certgate-primitives) in place of
 * RustCrypto's rsa crate and p256's point arithmetic, faster too:
 * 302.4 -> 287.4 KB and 410.4 -> 394.8 KB; its P-256 field additions
 * inlined for speed took back 5.7 KB (293.1 and 400.4 KB).
 */
const entries = [
  { name: 'certgate', specifier: 'certgate', budget: 299 * 1024, node: 'node.js' },
  { name: 'kubernetes', specifier: 'certgate/kubernetes', budget: 408 * 1024, node: 'node-kubernetes.js' },
].filter((entry) => !args.entry || entry.name === args.entry);

let over = false;
for (const entry of entries) {
  if (shipped(entry) > entry.budget) over = true;
  breakdown(entry);
}
process.exit(over ? 1 : 0);

function shipped(entry) {
  const files = [
    [`pkg/${entry.name}_bg.wasm`, 'WebAssembly'],
    [`pkg/${entry.name}.js`, 'JS glue (wasm-bindgen)'],
    [entry.node, 'Node entry (sync load; not fetched by browsers)'],
  ];
  console.log(`\n== ${entry.specifier}: shipped files (gzip -9)\n`);
  let total = 0;
  for (const [file, what] of files) {
    const bytes = readFileSync(path.join(web, file));
    const size = gz(bytes);
    if (file !== entry.node) total += size;
    console.log(`  ${file.padEnd(26)} ${String(bytes.length).padStart(8)} B raw  ${kb(size).padStart(9)} gz   ${what}`);
  }
  console.log(`\n  ${entry.specifier}: wasm + JS glue ${kb(total)} gzipped; budget ${kb(entry.budget)}: ${total <= entry.budget ? 'OK' : 'OVER'}\n`);
  return total;
}

function breakdown(entry) {
  const unoptimised = path.join(staging, `${entry.name}_bg.unopt.wasm`);
  if (!existsSync(unoptimised)) {
    console.log(`  (no ${unoptimised}: run scripts/web-build.sh for the breakdown)`);
    return;
  }
  const flagsFile = path.join(staging, `${entry.name}.wasm-opt-flags`);
  const flags = existsSync(flagsFile) ? readFileSync(flagsFile, 'utf8').split('\n').filter(Boolean) : ['-Oz'];
  const scratch = mkdtempSync(path.join(tmpdir(), 'certgate-size-'));
  const named = path.join(scratch, 'named.wasm');
  execFileSync(path.join(web, 'node_modules/.bin/wasm-opt'), [...flags, '-g', '--strip-producers', unoptimised, '-o', named]);
  const wasm = readFileSync(named);
  rmSync(scratch, { recursive: true, force: true });

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

  const groups = new Map();
  const functions = [];
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
      const name = names.get(importedFunctions + index) ?? '';
      functions.push({ name, size });
      add(part(name), body);
    }
  }
  const data = section(11);
  if (data) add('data (strings, tables, OID names, catalogue)', wasm.subarray(data.start, data.end));
  let other = 0;
  for (const s of sections) if (![10, 11, 0].includes(s.id)) other += s.end - s.start;

  const rows = [...groups.entries()].map(([label, g]) => ({ label, raw: g.raw, gz: gz(Buffer.concat(g.chunks)) }));
  rows.sort((a, b) => b.raw - a.raw);
  const sumGz = rows.reduce((sum, row) => sum + row.gz, 0);
  const wasmGz = gz(readFileSync(path.join(web, `pkg/${entry.name}_bg.wasm`)));
  console.log('  What each part costs (functions grouped by crate/module; gz = each group gzipped alone,');
  console.log(`  scaled to the shipped .wasm's ${kb(wasmGz)}):\n`);
  for (const row of rows) {
    const share = (row.gz / sumGz) * wasmGz;
    console.log(`    ${row.label.padEnd(56)} ${String(row.raw).padStart(8)} B  ~${kb(share).padStart(8)} gz  ${((row.raw / wasm.length) * 100).toFixed(1).padStart(5)}%`);
  }
  console.log(`    ${'types, imports, exports, tables'.padEnd(56)} ${String(other).padStart(8)} B`);

  const top = Number(args.top);
  if (top > 0) {
    console.log(`\n  The ${top} largest functions:\n`);
    functions.sort((a, b) => b.size - a.size);
    for (const f of functions.slice(0, top)) console.log(`    ${String(f.size).padStart(7)} B  ${f.name.slice(0, 150)}`);
    if (data) dataRuns(wasm.subarray(data.start, data.end), top);
  }
}

/** The data section's printable runs (strings) by length, and how much is not text. */
function dataRuns(bytes, top) {
  const runs = [];
  let start = -1;
  let printable = 0;
  for (let at = 0; at <= bytes.length; at += 1) {
    const byte = bytes[at];
    const isText = at < bytes.length && ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte >= 0xc2);
    if (isText && start < 0) start = at;
    if (!isText && start >= 0) {
      if (at - start >= 8) { runs.push([start, at]); printable += at - start; }
      start = -1;
    }
  }
  console.log(`\n  Data section: ${bytes.length} B, ${printable} B of it in text runs of 8+ bytes. The ${top} longest runs:\n`);
  runs.sort((a, b) => (b[1] - b[0]) - (a[1] - a[0]));
  const decoder = new TextDecoder();
  for (const [from, to] of runs.slice(0, top)) {
    console.log(`    ${String(to - from).padStart(6)} B  ${JSON.stringify(decoder.decode(bytes.subarray(from, Math.min(to, from + 120))))}`);
  }
}

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

/** Which part of certgate a function belongs to, by its demangled path. */
function part(name) {
  if (/ (externref|multivalue) shim|^__wbg|^__wbindgen/.test(name)) return 'certgate-wasm bindings (exports, with what they inline)';
  let path = name.replace(/\[[0-9a-f]+\]/g, '').replace(/^[<&*]+|^(mut |const |dyn )+/g, '').replace(/^[<&*]+/, '');
  const [crate, module] = path.split('::');
  const table = [
    [/^certgate_primitives$/, 'certgate-primitives (RSA, P-256 arithmetic)'],
    [/^(rsa|crypto_bigint|num_bigint|num_traits|num_integer)$/, 'big integers (crypto-bigint, under the RustCrypto curves)'],
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
