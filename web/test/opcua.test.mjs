// The OPC UA functions against the CLI: for each case on tests/data/opcua
// (the files of examples/opcua/run.sh and more), `opcuaTrust`, `opcuaIssuer`,
// `opcuaStores`, `opcuaClient` and `opcuaServer` give exactly the report
// `certgate opcua … --format json` prints, finding for finding (and the
// connector's verdict `opcua`), or throw the error it prints with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { opcuaClient, opcuaIssuer, opcuaServer, opcuaStoreFiles, opcuaStores, opcuaTrust } from 'certgate';

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = path.join(root, 'tests/data/opcua');
const cli = process.env.CERTGATE_BIN ?? path.join(root, 'target/release/certgate');
const now = '2027-01-01T00:00:00Z';
const time = Date.parse(now);

/** A file as the page hands it over: its own name and its bytes. */
const file = (name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(data, name))) });
const files = (names) => names.map(file);

function runCli(args) {
  const result = spawnSync(cli, [...args, '--now', now, '--format', 'json'], { cwd: data, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 2) return { error: result.stderr.trim().replace(/^certgate: /, '') };
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

const summary = (report) => report.findings.map((f) => `${f.severity} ${f.id} cert=${f.certificate} ${f.source}`).join('\n');

/** Settings as flags and as options. */
function settings(options = {}) {
  const flags = [];
  if (options.minimumCertificateKeySize !== undefined) flags.push('--minimum-certificate-key-size', String(options.minimumCertificateKeySize));
  if (options.rejectSha1SignedCertificates !== undefined) flags.push('--reject-sha1-signed-certificates', String(options.rejectSha1SignedCertificates));
  if (options.rejectUnknownRevocationStatus !== undefined) flags.push('--reject-unknown-revocation-status', String(options.rejectUnknownRevocationStatus));
  return { flags, options: { ...options, time } };
}

// [label, CLI args, package call, what the case must show (a finding id or status)]
const cases = [];
function trust(names, extra = {}, expect) {
  const { flags, options } = settings(extra);
  cases.push([`trust ${names.join(' ')}`, ['opcua', 'trust', ...names, ...flags], () => opcuaTrust(files(names), options), expect]);
}
function issuer(names, extra = {}, expect) {
  const { flags, options } = settings(extra);
  cases.push([`issuer ${names.join(' ')}`, ['opcua', 'issuer', ...names, ...flags], () => opcuaIssuer(files(names), options), expect]);
}
function stores(trustList, issuerList, extra = {}, expect) {
  const { flags, options } = settings(extra);
  cases.push([
    `trust ${trustList.join(' ')} --issuer-list ${issuerList.join(' ')} ${flags.join(' ')}`,
    ['opcua', 'trust', ...trustList, ...issuerList.flatMap((name) => ['--issuer-list', name]), ...flags],
    () => opcuaStores({ trustList: files(trustList), issuerList: files(issuerList) }, options),
    expect,
  ]);
}
function client(stem, extra = {}, expect) {
  const { subjectName, applicationUri, issuerList = [], ...rest } = extra;
  const { flags, options } = settings(rest);
  const args = ['opcua', 'client', '--public-key-file', `${stem}.der`, '--private-key-file', `${stem}.pem`, ...flags];
  if (subjectName) args.push('--subject-name', subjectName);
  if (applicationUri) args.push('--application-uri', applicationUri);
  for (const name of issuerList) args.push('--issuer-list', name);
  cases.push([
    `client ${stem} ${JSON.stringify(extra)}`,
    args,
    () => opcuaClient({ publicKey: file(`${stem}.der`), privateKey: file(`${stem}.pem`) }, { ...options, subjectName, applicationUri, issuerList: files(issuerList) }),
    expect,
  ]);
}
function server(name, trustList, issuerList, extra = {}, expect) {
  const { endpointHost, ...rest } = extra;
  const { flags, options } = settings(rest);
  const args = ['opcua', 'server', name, ...trustList.flatMap((n) => ['--trust-list', n]), ...issuerList.flatMap((n) => ['--issuer-list', n]), ...flags];
  if (endpointHost) args.push('--endpoint-host', endpointHost);
  cases.push([
    `server ${args.slice(2).join(' ')}`,
    args,
    () => opcuaServer(file(name), { trustList: files(trustList), issuerList: files(issuerList) }, { ...options, endpointHost }),
    expect,
  ]);
}

trust(['selfsigned-server.der', 'server-root-ca.der'], {}, 'valid');
trust(['pem-in.der'], {}, 'opcua.file.encoding_mismatch');
trust(['der-in.crt'], {}, 'opcua.file.encoding_mismatch');
trust(['selfsigned-server.pfx'], {}, 'opcua.file.pkcs12');
trust(['server-key.der'], {}, 'opcua.file.private_key');
trust(['two-certs.crt'], {}, 'opcua.file.multiple_certificates');
trust(['Selfsigned-Server.DER'], {}, 'opcua.file.extension_case');
trust(['my_server.der'], {}, 'opcua.file.secret_name_invalid');
trust(['selfsigned-expired.der'], {}, 'opcua.file.expired');
trust(['selfsigned-notyet.der'], {}, 'opcua.file.not_yet_valid');
trust(['server-root-ca.crl'], {}, 'opcua.file.extension_unsupported');
trust(['selfsigned-server.crt', 'selfsigned-1024.der', 'selfsigned-sha1.der'], { minimumCertificateKeySize: 1024, rejectSha1SignedCertificates: false });
issuer(['server-int-ca.der', 'server-int-ca.crl', 'server-root-ca.der', 'server-root-ca.crl'], {}, 'valid');
issuer(['not-a-ca.der'], {}, 'opcua.file.issuer_not_ca');
issuer(['server-root-ca.der', 'orphan.crl'], {}, 'opcua.file.crl_without_certificate');
issuer(['server-int-ca.der', 'server-int-ca-forged.crl'], {}, 'opcua.stores.crl_bad_signature');
issuer(['server-int-ca.der', 'server-int-ca-stale.crl', 'server-root-ca.der'], {}, 'opcua.stores.crl_not_current');
stores(['selfsigned-server.der'], ['other-root.der'], {}, 'opcua.stores.issuer_grants_no_trust');
stores(['opcua-server.der'], ['server-int-ca.der'], {}, 'opcua.stores.chain_incomplete');
stores(['server-root-ca.der'], ['server-int-ca.der'], { rejectUnknownRevocationStatus: true }, 'opcua.stores.crl_missing');
stores(['opcua-server.der', 'opcua-revoked.der'], ['server-int-ca.der', 'server-int-ca.crl', 'server-root-ca.der', 'server-root-ca.crl'], {}, 'opcua.stores.revoked');
client('connector', { subjectName: 'aio-opc-ua-broker', applicationUri: 'urn:aio:opc-ua-broker' }, 'valid');
client('connector', { subjectName: 'someone-else', applicationUri: 'urn:aio:other' });
client('mismatch', {}, 'opcua.application.key_mismatch');
client('nouri', {}, 'opcua.application.uri_count');
client('twouris', {}, 'opcua.application.uri_count');
client('noprofile', {});
client('weak', {});
client('encrypted', {});
client('client-issued', {}, 'opcua.application.issuer_missing');
client('client-issued', { issuerList: ['client-ca.der'] });
server('opcua-server-chain.pem', ['server-root-ca.der'], [], { endpointHost: 'opcua-server.plant.local' }, 'Good');
server('opcua-server.der', ['selfsigned-server.der'], ['server-int-ca.der', 'server-root-ca.der'], {}, 'BadCertificateUntrusted');
server('opcua-server.der', ['server-root-ca.der'], [], {}, 'BadCertificateChainIncomplete');
server('opcua-revoked.der', ['server-root-ca.der'], ['server-int-ca.der', 'server-int-ca.crl'], {}, 'BadCertificateRevoked');
server('opcua-server.der', ['server-root-ca.der'], ['server-int-ca.der', 'server-int-ca.crl'], { rejectUnknownRevocationStatus: true }, 'BadCertificateIssuerRevocationUnknown');
server('selfsigned-expired.der', ['selfsigned-expired.der'], [], {}, 'BadCertificateTimeInvalid');
server('selfsigned-no-dataenc.der', ['selfsigned-no-dataenc.der'], [], {}, 'BadCertificateUseNotAllowed');
server('selfsigned-sha1.der', ['selfsigned-sha1.der'], [], {}, 'BadCertificatePolicyCheckFailed');
server('selfsigned-sha1.der', ['selfsigned-sha1.der'], [], { rejectSha1SignedCertificates: false }, 'Good');
server('selfsigned-1024.der', ['selfsigned-1024.der'], [], { minimumCertificateKeySize: 1024 }, 'Good');
server('selfsigned-server.der', ['selfsigned-server.der'], [], { endpointHost: '10.0.0.9' }, 'BadCertificateHostNameInvalid');
server('ec-server-no-ds.der', ['ec-server-no-ds.der'], [], {}, 'BadCertificateUseNotAllowed');
server('selfsigned-server.der', ['selfsigned-server.der'], [], { endpointHost: 'not a host' });

test('the CLI binary is built', () => {
  assert.ok(existsSync(cli), `${cli} is missing: cargo build --release -p certgate-cli`);
});

for (const [label, args, call, expect] of cases) {
  test(`npm = CLI: ${label}`, () => {
    const fromCli = runCli(args);
    const fromPackage = runPackage(call);
    if (fromCli.error !== undefined || fromPackage.error !== undefined) {
      assert.ok(fromCli.error !== undefined && fromPackage.error !== undefined, `one errs, one does not: ${JSON.stringify({ fromCli, fromPackage }).slice(0, 400)}`);
      return;
    }
    assert.equal(summary(fromPackage.report), summary(fromCli.report), 'findings differ');
    assert.deepEqual(fromPackage.report, fromCli.report, 'reports differ');
    const text = JSON.stringify(fromPackage.report);
    if (expect === 'valid') assert.equal(fromPackage.report.valid, true, text.slice(0, 600));
    else if (expect?.startsWith('opcua.')) assert.ok(fromPackage.report.findings.some((f) => f.id === expect), `${expect} missing: ${summary(fromPackage.report)}`);
    else if (expect) assert.equal(fromPackage.report.opcua.status, expect, fromPackage.report.opcua.reason);
  });
}

test('an endpoint host that is no host is an error in both, naming the option', () => {
  const args = ['opcua', 'server', 'selfsigned-server.der', '--trust-list', 'selfsigned-server.der', '--endpoint-host', 'not a host'];
  assert.match(runCli(args).error, /endpoint-host/);
  assert.throws(() => opcuaServer(file('selfsigned-server.der'), { trustList: files(['selfsigned-server.der']) }, { time, endpointHost: 'not a host' }), /endpointHost/);
});

test('the private key never appears in a report', () => {
  for (const stem of ['connector', 'mismatch', 'weak', 'encrypted']) {
    const key = readFileSync(path.join(data, `${stem}.pem`), 'utf8');
    const report = JSON.stringify(opcuaClient({ publicKey: file(`${stem}.der`), privateKey: file(`${stem}.pem`) }, { time }));
    const body = key.split('\n').filter((line) => line && !line.startsWith('-----') && !/:/.test(line));
    for (const line of body) assert.ok(!report.includes(line), `${stem}.pem: a line of the key is in the report`);
  }
  // A key dropped into a store: a finding, not its bytes.
  const der = readFileSync(path.join(data, 'server-key.der'));
  const report = opcuaTrust([{ name: 'server-key.der', bytes: der }], { time });
  assert.ok(report.findings.some((f) => f.id === 'opcua.file.private_key'));
  assert.ok(!JSON.stringify(report).includes(der.toString('base64').slice(0, 40)));
  assert.ok(!JSON.stringify(report).includes(der.toString('hex').slice(0, 40)));
});

test('files need names; unknown options and keys are refused by name', () => {
  const bytes = readFileSync(path.join(data, 'selfsigned-server.der'));
  assert.throws(() => opcuaTrust([{ bytes }], { time }), /files\[0\]: a file needs its name/);
  assert.throws(() => opcuaTrust([bytes], { time }), /files\[0\]: a file needs its name/);
  assert.throws(() => opcuaTrust(file('selfsigned-server.der'), { time }), /files: expected an array/);
  assert.throws(() => opcuaTrust([{ name: 'a.der', bytes: 42 }], { time }), /a\.der: expected a string \(PEM\) or a Uint8Array/);
  assert.throws(() => opcuaTrust([], { time }), Error);
  assert.throws(() => opcuaTrust(files(['selfsigned-server.der']), { time, rejectSha1: false }), /unknown option `rejectSha1`/);
  assert.throws(() => opcuaStores({ trustList: [], issuer: [] }, { time }), /unknown key `issuer`/);
  assert.throws(() => opcuaClient({ publicKey: file('connector.der') }, { time }), /privateKey/);
  assert.throws(() => opcuaServer(file('selfsigned-server.der'), {}, { time, minimumCertificateKeySize: 'big' }), /option minimumCertificateKeySize: expected a whole number/);
  assert.throws(() => opcuaTrust(files(['selfsigned-server.der']), { time, rejectSha1SignedCertificates: 'no' }), /option rejectSha1SignedCertificates: expected true or false, got string/);
  // {name, data} (the other functions' shape) reads the same.
  assert.deepEqual(opcuaTrust([{ name: 'selfsigned-server.der', data: bytes }], { time }), opcuaTrust(files(['selfsigned-server.der']), { time }));
});

test('opcuaStoreFiles: each CRL with the CA that signed it, and what each file holds', () => {
  const views = opcuaStoreFiles(
    {
      trustList: files(['server-root-ca.der', 'selfsigned-server.der']),
      issuerList: files(['server-int-ca.der', 'server-int-ca.crl', 'server-root-ca.crl', 'server-int-ca-forged.crl', 'server-int-ca-stale.crl', 'orphan.crl', 'selfsigned-server.pfx']),
    },
    { time },
  );
  const by = Object.fromEntries(views.map((view) => [`${view.store}/${view.name}`, view]));
  assert.equal(by['trustList/server-root-ca.der'].kind, 'certificate');
  assert.equal(by['trustList/server-root-ca.der'].selfSigned, true);
  assert.equal(by['trustList/server-root-ca.der'].ca, true);
  assert.equal(by['trustList/server-root-ca.der'].secretName, 'server-root-ca-der');
  assert.equal(by['issuerList/server-int-ca.der'].selfSigned, false);
  assert.equal(by['issuerList/server-int-ca.crl'].signedBy, 'server-int-ca.der');
  assert.equal(by['issuerList/server-int-ca.crl'].current, true);
  assert.ok(by['issuerList/server-int-ca.crl'].revoked >= 1);
  // The root's CRL: its CA is in the trust list, not beside it — the stack reads CRLs of the CA's own store.
  assert.equal(by['issuerList/server-root-ca.crl'].signedBy, null);
  assert.equal(by['issuerList/server-int-ca-forged.crl'].issuerNamed, true);
  assert.equal(by['issuerList/server-int-ca-forged.crl'].signedBy, null);
  assert.equal(by['issuerList/server-int-ca-stale.crl'].signedBy, 'server-int-ca.der');
  assert.equal(by['issuerList/server-int-ca-stale.crl'].current, false);
  assert.equal(by['issuerList/orphan.crl'].issuerNamed, false);
  assert.equal(by['issuerList/selfsigned-server.pfx'].kind, 'unusable');
  // The store findings say the same about the same files.
  const report = opcuaStores(
    { trustList: files(['server-root-ca.der']), issuerList: files(['server-int-ca.der', 'server-int-ca-forged.crl', 'orphan.crl']) },
    { time },
  );
  const ids = (name) => report.findings.filter((f) => f.source === name).map((f) => f.id);
  assert.ok(ids('server-int-ca-forged.crl').includes('opcua.stores.crl_bad_signature'), summary(report));
  assert.ok(ids('orphan.crl').includes('opcua.stores.crl_no_issuer') || ids('orphan.crl').includes('opcua.file.crl_without_certificate'), summary(report));
});

test('OPC UA results match their TypeScript declarations', () => {
  const dts = readFileSync(new URL('../pkg/certgate.d.ts', import.meta.url), 'utf8');
  const fields = (name) => {
    const body = new RegExp(`export interface ${name}(?: extends \\w+)? \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1];
    assert.ok(body, `no interface ${name}`);
    return new Map([...body.replace(/\/\*\*[\s\S]*?\*\//g, '').matchAll(/^\s*(\w+)(\??):/gm)].map(([, field, optional]) => [field, optional === '?']));
  };
  const check = (value, name) => {
    const declared = fields(name);
    for (const key of Object.keys(value)) assert.ok(declared.has(key), `${name}.${key} is not declared`);
    for (const [field, optional] of declared) if (!optional) assert.ok(field in value, `${name}.${field} is missing`);
  };
  const report = opcuaServer(file('opcua-server.der'), { trustList: files(['server-root-ca.der']), issuerList: files(['server-int-ca.der']) }, { time });
  assert.deepEqual([...fields('OpcuaServerReport').keys()], ['opcua']);
  check(report.opcua, 'OpcuaVerdict');
  check(report.opcua.settings, 'OpcuaSettings');
  for (const element of report.opcua.chain) check(element, 'OpcuaChainElement');
  const views = opcuaStoreFiles({ trustList: files(['server-root-ca.der', 'server-key.der']), issuerList: files(['server-int-ca.der', 'server-int-ca.crl']) }, { time });
  assert.equal(views.length, 4);
  for (const view of views) check(view, 'OpcuaStoreFile');
});
