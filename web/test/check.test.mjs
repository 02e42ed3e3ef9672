// checkObjects: parity with `certgate check --format json` on every
// examples/k8s set, and bad manifests as thrown Errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { checkObjects } from 'certgate/kubernetes';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = process.env.CERTGATE_BIN ?? path.join(root, 'target/release/certgate');
const sets = path.join(root, 'examples/k8s');
const now = '2027-01-01T00:00:00Z';

const names = existsSync(sets)
  ? readdirSync(sets).filter((name) => existsSync(path.join(sets, name, 'manifests.yaml'))).sort()
  : [];

test('there are Kubernetes example sets', () => assert.ok(names.length >= 5));

for (const name of names) {
  test(`checkObjects matches certgate check on examples/k8s/${name}`, () => {
    const manifests = readFileSync(path.join(sets, name, 'manifests.yaml'), 'utf8');
    const settingsFile = path.join(sets, name, 'trust-settings.txt');
    const trustSettings = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8').trim() : undefined;
    for (const settings of [trustSettings, undefined]) {
      const args = ['check', '--format', 'json', '--now', now, '-f', path.join('examples/k8s', name, 'manifests.yaml')];
      if (settings) args.push('--trust-settings', settings);
      const result = spawnSync(cli, args, { cwd: root, encoding: 'utf8' });
      assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: ${result.stderr}`);
      const expected = JSON.parse(result.stdout);
      const actual = checkObjects(manifests, { ...(settings ? { trustSettings: settings } : {}), time: Date.parse(now) });
      const summary = (report) => report.findings.map((f) => `${f.severity} ${f.id} cert=${f.certificate} ${f.object?.kind}/${f.object?.name}`).join('\n');
      assert.equal(summary(actual), summary(expected));
      // Sources name the file in the CLI, and only the CLI, which reads
      // files, gives findings a file and line (`location`); compare everything else.
      const strip = (report) => JSON.parse(JSON.stringify(report, (key, value) => (key === 'source' || key === 'location' ? undefined : value)));
      assert.deepEqual(strip(actual), strip(expected));
    }
  });
}

test('parsed objects work like text', () => {
  const bundle = readFileSync(path.join(root, 'examples/pki/leaf-as-ca-bundle.pem'), 'utf8');
  const objects = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bundle', namespace: 'azure-iot-operations' }, data: { 'ca.crt': bundle } },
  ];
  const options = { trustSettings: 'configMapName=bundle configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=missing', time: Date.parse(now) };
  const fromObjects = checkObjects(objects, options);
  assert.deepEqual(fromObjects, checkObjects(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }), options));
  assert.deepEqual(fromObjects, checkObjects({ apiVersion: 'v1', kind: 'List', items: objects }, options));
  assert.equal(fromObjects.valid, false);
  assert.ok(fromObjects.findings.some((f) => f.id === 'bundle.non_ca_cert'));
  assert.ok(fromObjects.findings.some((f) => f.id === 'settings.issuer_not_found'));
});

test('bad manifests are thrown Errors', () => {
  for (const [call, expected] of [
    [() => checkObjects(42), /^manifests: expected YAML or JSON text or objects, got number$/],
    [() => checkObjects('a: [unclosed'), /^manifests: /],
    [() => checkObjects('kind: ConfigMap', { trustsettings: 'x' }), /unknown option `trustsettings`/],
  ]) {
    assert.throws(call, (error) => error instanceof Error && !(error instanceof WebAssembly.RuntimeError) && expected.test(error.message));
  }
});
