// The package's API in Node: inputs of every kind, options, and bad input
// as thrown Errors (never a trap: after every error the module still works).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import init, { catalogue, inspect, lint, validateChain } from 'certgate';

const pki = new URL('../../examples/pki/', import.meta.url);
const read = (name) => new Uint8Array(readFileSync(new URL(name, pki)));
const text = (name) => readFileSync(new URL(name, pki), 'utf8');
const time = Date.parse('2027-01-01T00:00:00Z');

test('init() is a no-op in Node, for code written for browsers', async () => {
  await init();
  assert.equal(inspect(text('root-ca.pem')).certificates.length, 1);
});

test('inspect takes PEM text, PEM bytes, DER bytes and ArrayBuffers alike', () => {
  const fromText = inspect(text('root-ca.pem'));
  const fromPemBytes = inspect(read('root-ca.pem'));
  const fromDer = inspect(read('root-ca.der'));
  const fromBuffer = inspect(read('root-ca.der').buffer.slice(0));
  assert.equal(fromText.valid, true);
  const fingerprint = fromText.certificates[0].view.fingerprints.sha256;
  for (const report of [fromPemBytes, fromDer, fromBuffer]) {
    assert.equal(report.certificates[0].view.fingerprints.sha256, fingerprint);
  }
  assert.equal(fromText.certificates[0].source, 'input');
  assert.equal(inspect(text('root-ca.pem'), { name: 'ca.crt' }).certificates[0].source, 'ca.crt');
});

test('several inputs are indexed in order, names kept', () => {
  const report = inspect([{ name: 'a.pem', data: text('server-chain.pem') }, read('root-ca.der')]);
  assert.deepEqual(
    report.certificates.map((c) => [c.index, c.source]),
    [[0, 'a.pem'], [1, 'a.pem'], [2, 'input[1]']],
  );
});

test('lint with a role reports the stable ids', () => {
  const report = lint(read('leaf-as-ca-bundle.pem'), { role: 'bundle', time });
  assert.equal(report.valid, false);
  const finding = report.findings.find((f) => f.id === 'bundle.non_ca_cert');
  assert.ok(finding);
  assert.equal(finding.severity, 'error');
  assert.equal(finding.certificate, 1);
  assert.equal(lint(text('root-ca.pem'), { role: 'bundle', time }).valid, true);
  assert.ok(lint(text('expired-root.pem'), { time }).findings.some((f) => f.id === 'cert.expired'));
  assert.ok(lint(text('no-keycertsign-ca.pem'), { time }).findings.some((f) => f.id === 'ca.ku_no_keycertsign'));
});

test('time: milliseconds, a Date, or now', () => {
  const before = lint(text('expired-root.pem'), { time: Date.parse('2020-06-01T00:00:00Z') });
  const asDate = lint(text('expired-root.pem'), { time: new Date('2020-06-01T00:00:00Z') });
  assert.deepEqual(before, asDate);
  assert.ok(!before.findings.some((f) => f.id === 'cert.expired'));
  assert.ok(lint(text('expired-root.pem')).findings.some((f) => f.id === 'cert.expired'));
});

test('validateChain: leaf first, then intermediates; anchors and name in options', () => {
  const good = validateChain(text('server-chain.pem'), {
    trustAnchors: text('root-ca.pem'),
    dnsName: 'mqtt.example.com',
    time,
  });
  assert.equal(good.valid, true);
  assert.deepEqual(good.path, [0, 1, 2]);
  assert.equal(good.complete, true);
  assert.equal(good.certificates[2].trust_anchor, true);

  const wrongName = validateChain(text('server-chain.pem'), {
    trustAnchors: [read('root-ca.der')],
    dnsName: 'wrong.example.com',
    time,
  });
  assert.equal(wrongName.valid, false);
  assert.ok(wrongName.findings.some((f) => f.id === 'leaf.name_mismatch'));

  const separate = validateChain([text('server.pem'), text('intermediate-ca.pem')], {
    trustAnchors: text('root-ca.pem'),
    purpose: 'server',
    time,
  });
  assert.equal(separate.valid, true);

  const untrusted = validateChain(text('server-chain.pem'), { trustAnchors: text('expired-root.pem'), time });
  assert.equal(untrusted.valid, false);
  assert.equal(untrusted.complete, false);
});

test('catalogue lists every finding id once', () => {
  const rules = catalogue();
  assert.ok(rules.length > 50);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  for (const rule of rules) {
    assert.match(rule.id, /^[a-z0-9_]+(\.[a-z0-9_]+)+$/);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity));
  }
});

/** Calls `call` and returns the thrown Error's message. */
function thrown(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof Error, `threw ${typeof error}, not an Error`);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `trapped: ${error.message}`);
    return error.message;
  }
  assert.fail('did not throw');
}

test('bad input is a thrown Error with a clear message', () => {
  const cases = [
    [() => inspect(42), /^input: expected a string \(PEM\) or a Uint8Array \(DER or PEM\), got number$/],
    [() => inspect(null), /got null/],
    [() => inspect(undefined), /got undefined/],
    [() => inspect({}), /without a string `name`/],
    [() => inspect({ name: 'x.pem', data: 7 }), /^x\.pem: expected a string/],
    [() => inspect([]), /array is empty/],
    [() => inspect(''), /^input: input is empty$/],
    [() => inspect('hello'), /neither PEM .* nor DER/],
    [() => inspect(new Uint8Array([1, 2, 3])), /neither PEM .* nor DER/],
    [() => inspect('x'.repeat(1024 * 1024 + 1)), /too large/],
    [() => inspect(new Uint8Array(1024 * 1024 + 1)), /too large/],
    [() => lint(text('root-ca.pem'), { role: 'root' }), /^options: unknown variant `root`, expected one of `auto`, `ca`, `intermediate`, `leaf`, `bundle`$/],
    [() => lint(text('root-ca.pem'), { rol: 'ca' }), /^options: unknown option `rol`, expected one of role, profile, clients, time/],
    [() => lint(text('root-ca.pem'), 'bundle'), /^options: expected an object, got string$/],
    [() => lint(text('root-ca.pem'), { time: 'yesterday' }), /^option time: expected milliseconds/],
    [() => lint(text('root-ca.pem'), { time: NaN }), /^option time: not a valid time/],
    [() => lint(text('root-ca.pem'), { time: new Date('nonsense') }), /^option time: not a valid time/],
    [() => validateChain(text('server-chain.pem')), /^options: expected an object, got undefined$|^options: /],
    [() => validateChain(text('server-chain.pem'), {}), /^options: missing field `trustAnchors`$/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('root-ca.pem'), dns_name: 'a' }), /unknown option `dns_name`/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('root-ca.pem'), dnsName: '192.0.2.1' }), /is an IP address; use ip/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('root-ca.pem'), dnsName: 'a..b' }), /not a valid DNS name/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('root-ca.pem'), ip: 'mqtt' }), /not an IPv4 or IPv6 address/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('root-ca.pem'), purpose: 'email' }), /unknown variant `email`/],
    [() => validateChain(text('root-ca.key'), { trustAnchors: text('root-ca.pem') }), /^chain: holds no certificate$/],
    [() => validateChain(text('server-chain.pem'), { trustAnchors: text('server.key') }), /^trustAnchors: holds no certificate to trust$/],
  ];
  for (const [call, expected] of cases) {
    assert.match(thrown(call), expected);
  }
  // Still alive and well after all that.
  assert.equal(lint(text('root-ca.pem'), { time }).valid, true);
});

test('garbage never traps: mutated and truncated certificates', () => {
  const der = read('root-ca.der');
  const pem = text('server-chain.pem');
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let round = 0; round < 400; round += 1) {
    const bytes = der.slice(0, round % 3 === 0 ? random() % der.length : der.length);
    for (let flips = 1 + (random() % 4); flips > 0; flips -= 1) {
      if (bytes.length) bytes[random() % bytes.length] ^= 1 << random() % 8;
    }
    for (const call of [
      () => lint(bytes, { role: 'bundle', time }),
      () => validateChain([bytes], { trustAnchors: bytes, time }),
      () => inspect(pem.slice(0, random() % pem.length)),
    ]) {
      try {
        const report = call();
        assert.equal(typeof report.valid, 'boolean');
      } catch (error) {
        assert.ok(error instanceof Error && !(error instanceof WebAssembly.RuntimeError), String(error));
      }
    }
  }
  assert.equal(inspect(der).certificates.length, 1);
});

test('each entry exports its own job, from its own .wasm', async () => {
  const certificates = await import('certgate');
  const kubernetes = await import('certgate/kubernetes');
  assert.deepEqual(['inspect', 'lint', 'validateChain', 'catalogue'].filter((name) => typeof certificates[name] !== 'function'), []);
  assert.equal(certificates.checkObjects, undefined);
  assert.equal(typeof kubernetes.checkObjects, 'function');
  assert.equal(typeof kubernetes.catalogue, 'function');
  assert.equal(kubernetes.lint, undefined);
  const exported = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL(`../pkg/${file}`, import.meta.url)))).map((entry) => entry.name);
  assert.ok(exported('certgate_bg.wasm').includes('validateChain'));
  assert.ok(!exported('certgate_bg.wasm').includes('checkObjects'));
  assert.ok(exported('kubernetes_bg.wasm').includes('checkObjects'));
  assert.ok(!exported('kubernetes_bg.wasm').includes('validateChain'));
});
