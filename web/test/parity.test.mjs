// Parity: for every example and test vector, the package gives exactly the
// report the CLI prints with `--format json` (findings with ids, severities,
// messages and certificate indices; certificates; path), or throws the error
// the CLI prints on stderr with exit status 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { inspect, lint, validateChain } from 'certgate';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = process.env.CERTGATE_BIN ?? path.join(root, 'target/release/certgate');

function listed(dir, pattern) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Every example and test vector, as paths relative to the repository. */
const files = [
  ...listed('examples/pki', /\.(pem|der|key|crt)$/),
  ...listed('crates/certgate-core/src/crypto/testdata', /\.der$/),
  ...listed('tests/bench/vectors', /\.pem$/),
];

const times = ['2027-01-01T00:00:00Z', '2020-06-01T00:00:00Z'];

function runCli(args) {
  const result = spawnSync(cli, args, { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 2) {
    return { error: result.stderr.trim().replace(/^certgate: /, '') };
  }
  assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  assert.equal(result.status === 0, report.valid, 'exit status follows `valid`');
  return { report };
}

function runPackage(call) {
  try {
    return { report: call() };
  } catch (error) {
    assert.ok(error instanceof Error, `threw a ${typeof error}, not an Error`);
    return { error: error.message };
  }
}

/** Input named like the CLI names it, so even `source` must match. */
const named = (file) => ({ name: file, data: new Uint8Array(readFileSync(path.join(root, file))) });

function same(cliResult, packageResult, label) {
  if (cliResult.error !== undefined || packageResult.error !== undefined) {
    assert.deepEqual(packageResult, cliResult, `${label}: errors differ`);
    return;
  }
  const summary = (report) =>
    report.findings.map((f) => `${f.severity} ${f.id} cert=${f.certificate}`).join('\n');
  // The short form first, so a failure reads as a finding diff.
  assert.equal(summary(packageResult.report), summary(cliResult.report), `${label}: findings differ`);
  assert.deepEqual(packageResult.report, cliResult.report, `${label}: reports differ`);
}

test('the CLI binary is built', () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build --release -p certgate-cli`);
  assert.ok(files.length >= 20, `only ${files.length} vectors found`);
});

for (const file of files) {
  test(`inspect and lint ${file}`, () => {
    for (const now of times) {
      const time = Date.parse(now);
      same(
        runCli(['inspect', '--format', 'json', '--now', now, file]),
        runPackage(() => inspect(named(file))),
        `inspect ${file}`,
      );
      for (const role of ['auto', 'ca', 'intermediate', 'leaf', 'bundle']) {
        same(
          runCli(['lint', '--format', 'json', '--now', now, '--role', role, file]),
          runPackage(() => lint(named(file), { role, time })),
          `lint --role ${role} --now ${now} ${file}`,
        );
      }
    }
  });
}

test('lint several files at once', () => {
  const several = files.filter((file) => file.startsWith('examples/pki/') && file.endsWith('.pem'));
  const now = '2027-01-01T00:00:00Z';
  same(
    runCli(['lint', '--format', 'json', '--now', now, '--role', 'bundle', ...several]),
    runPackage(() => lint(several.map(named), { role: 'bundle', time: Date.parse(now) })),
    'lint --role bundle (all PEM examples)',
  );
});

/** verify scenarios: the examples README's, and the benchmark chains. */
const chains = [
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/root-ca.pem'], dnsName: 'mqtt.example.com' },
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/root-ca.pem'], dnsName: 'wrong.example.com' },
  { leaf: 'examples/pki/server.pem', untrusted: ['examples/pki/intermediate-ca.pem'], trust: ['examples/pki/root-ca.der'], dnsName: 'mqtt.example.com' },
  { leaf: 'examples/pki/server.pem', trust: ['examples/pki/root-ca.pem'] },
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/root-ca.pem'], purpose: 'client' },
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/root-ca.pem'], profile: 'webpki', ip: '192.0.2.1' },
  { leaf: 'examples/pki/expired-root-leaf.pem', trust: ['examples/pki/expired-root.pem'] },
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/leaf-as-ca-bundle.pem'], purpose: 'any' },
  { leaf: 'examples/pki/server-chain.pem', trust: ['examples/pki/server.key'] },
  { leaf: 'examples/pki/root-ca.key', trust: ['examples/pki/root-ca.pem'] },
  ...['rsa2048', 'p256'].map((alg) => ({
    leaf: `tests/bench/vectors/${alg}-leaf.pem`,
    untrusted: [`tests/bench/vectors/${alg}-intermediate.pem`],
    trust: [`tests/bench/vectors/${alg}-root.pem`],
  })),
].filter((chain) => [chain.leaf, ...chain.trust, ...(chain.untrusted ?? [])].every((file) => existsSync(path.join(root, file))));

for (const chain of chains) {
  const label = `verify ${JSON.stringify(chain)}`;
  test(label, () => {
    for (const now of times) {
      const args = ['verify', '--format', 'json', '--now', now];
      for (const file of chain.trust) args.push('--trust', file);
      for (const file of chain.untrusted ?? []) args.push('--untrusted', file);
      if (chain.dnsName) args.push('--dns-name', chain.dnsName);
      if (chain.ip) args.push('--ip', chain.ip);
      if (chain.purpose) args.push('--purpose', chain.purpose);
      if (chain.profile) args.push('--profile', chain.profile);
      args.push(chain.leaf);
      const options = {
        trustAnchors: chain.trust.map(named),
        time: Date.parse(now),
        ...(chain.untrusted ? { intermediates: chain.untrusted.map(named) } : {}),
        ...(chain.dnsName ? { dnsName: chain.dnsName } : {}),
        ...(chain.ip ? { ip: chain.ip } : {}),
        ...(chain.purpose ? { purpose: chain.purpose } : {}),
        ...(chain.profile ? { profile: chain.profile } : {}),
      };
      same(runCli(args), runPackage(() => validateChain(named(chain.leaf), options)), `${label} at ${now}`);
    }
  });
}
