// Speed (a benchmark, not a test): validate the same 3-certificate chains
// (leaf, intermediate, root as the trust anchor) with certgate, pkijs and
// @peculiar/x509, and print chains per second side by side.
//
//   node bench/bench.mjs [seconds per run, default 2]
//
// Vectors: tests/bench/vectors/{rsa2048,p256}-{leaf,intermediate,root}.pem
// (made by tests/bench/gen.sh). pkijs and @peculiar/x509 verify signatures
// with Web Crypto (async, native); certgate is synchronous WebAssembly.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

import 'reflect-metadata'; // @peculiar/x509's tsyringe needs it
import * as pkijs from 'pkijs';
import * as x509 from '@peculiar/x509';
import { inspect, validateChain } from 'certgate';

const seconds = Number(process.argv[2] ?? 2);
const vectors = new URL('../../tests/bench/vectors/', import.meta.url);
const time = Date.parse('2030-01-01T00:00:00Z');
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));
x509.cryptoProvider.set(webcrypto);

const derOf = (pem) => {
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(base64, 'base64'));
};

async function measure(run) {
  await run(); // warm up, and fail early
  for (let i = 0; i < 20; i += 1) await run();
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await run();
    count += 1;
  }
  return count / ((performance.now() - start) / 1000);
}

const rows = [];
for (const algorithm of ['rsa2048', 'p256']) {
  const pem = (role) => readFileSync(new URL(`${algorithm}-${role}.pem`, vectors), 'utf8');
  const [leaf, intermediate, root] = ['leaf', 'intermediate', 'root'].map(pem);
  const chainPem = leaf + intermediate;

  const certgate = await measure(() => {
    const report = validateChain(chainPem, { trustAnchors: root, time, purpose: 'any' });
    if (!report.valid) throw new Error(`certgate: ${JSON.stringify(report.findings)}`);
  });

  // The whole-report share, measured apart: the same three certificates
  // described (views, fingerprints, JSON into JS), with no path validation.
  const reportOnly = await measure(() => {
    const report = inspect(chainPem + root);
    if (report.certificates.length !== 3) throw new Error('certgate inspect: not 3 certificates');
  });

  const pkijsRate = await measure(async () => {
    // Fresh engine per chain, as for each upload; parsing included like certgate's.
    const [leafCert, intermediateCert, rootCert] = [leaf, intermediate, root].map((text) => pkijs.Certificate.fromBER(derOf(text)));
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: [rootCert],
      certs: [leafCert, intermediateCert],
      checkDate: new Date(time),
    });
    const result = await engine.verify();
    if (!result.result) throw new Error(`pkijs: ${result.resultMessage}`);
  });

  const peculiar = await measure(async () => {
    const [leafCert, intermediateCert, rootCert] = [leaf, intermediate, root].map((text) => new x509.X509Certificate(text));
    const builder = new x509.X509ChainBuilder({ certificates: [intermediateCert, rootCert] });
    const chain = await builder.build(leafCert);
    if (chain.length !== 3) throw new Error('@peculiar/x509: no chain');
    // The builder matches names only; verify each signature and date as a validator must.
    for (let i = 0; i < chain.length; i += 1) {
      const issuer = chain[Math.min(i + 1, chain.length - 1)];
      const ok = await chain[i].verify({ publicKey: issuer.publicKey, date: new Date(time) });
      if (!ok) throw new Error('@peculiar/x509: signature or date');
    }
  });
  rows.push({ algorithm, certgate, reportOnly, pkijs: pkijsRate, peculiar });
}

const fmt = (n) => n.toFixed(0).padStart(10);
console.log(`3-certificate chains validated per second (Node ${process.version}, ${seconds} s per cell):\n`);
console.log(`  ${'chain'.padEnd(10)} ${'certgate'.padStart(10)} ${'pkijs'.padStart(10)} ${'@peculiar'.padStart(10)}   certgate/pkijs  certgate/@peculiar   report-only/s  report share`);
for (const row of rows) {
  // Per chain: 1/certgate seconds in all, 1/reportOnly of it the report's views.
  const share = Math.min(1, row.certgate / row.reportOnly);
  console.log(`  ${row.algorithm.padEnd(10)} ${fmt(row.certgate)} ${fmt(row.pkijs)} ${fmt(row.peculiar)}   ${(row.certgate / row.pkijs).toFixed(1).padStart(13)}×  ${(row.certgate / row.peculiar).toFixed(1).padStart(17)}×   ${fmt(row.reportOnly)}     ${(share * 100).toFixed(0).padStart(3)}%`);
}
console.log('\nreport-only: inspect() of the same 3 certificates (views, fingerprints, JSON), no validation;');
console.log('report share: the part of each validateChain call that is the report rather than the validation.');
console.log('\ncertgate: full RFC 5280 path validation + lints, synchronous wasm (portable Rust crypto: certgate-primitives for RSA and P-256).');
console.log('pkijs: CertificateChainValidationEngine (Web Crypto). @peculiar/x509: X509ChainBuilder + verify() per certificate (no constraint checks).');
