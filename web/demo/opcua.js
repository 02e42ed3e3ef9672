// The upload preview's "External connection (OPC UA)" mode: the connector's
// three stores side by side (trust list, issuer list, application
// certificate), each file's status, how the chains close across the stores,
// which CRL belongs to which CA, and the verdict the connector would reach
// on a server certificate. Everything runs in the page (certgate's
// WebAssembly); no file is sent anywhere.
import init, * as certgate from '../pkg/certgate.js';

const $ = (selector) => document.querySelector(selector);

/** Builds an element: h('p', {class: 'x'}, 'text', child, ...). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// The same module instance as demo.js: init() shares one load.
const ready = init().then(() => true, () => false);

const STORES = [
  ['trustList', 'trust', 'Trust list'],
  ['issuerList', 'issuer', 'Issuer list'],
  ['application', 'app', 'Application certificate'],
];
/** Dropped files per store (a file chooser's own files are read from it). */
const dropped = { trustList: [], issuerList: [], application: [], server: [] };
const input = (store) => $(`#opcua-${{ trustList: 'trust', issuerList: 'issuer', application: 'app', server: 'server' }[store]}`);

async function filesOf(store) {
  const chosen = [...(input(store)?.files ?? []), ...dropped[store]];
  return Promise.all(chosen.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

for (const store of [...STORES.map(([store]) => store), 'server']) {
  const element = input(store);
  if (!element) continue;
  element.addEventListener('change', () => {
    dropped[store] = [];
    update();
  });
  const zone = element.closest('.drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    // Dropping adds to a store; the chooser replaces.
    dropped[store] = store === 'server' ? [...event.dataTransfer.files].slice(0, 1) : [...dropped[store], ...event.dataTransfer.files];
    update();
  });
}
for (const id of ['#opcua-as-of', '#opcua-min-key', '#opcua-sha1', '#opcua-revocation', '#opcua-host', '#opcua-subject', '#opcua-uri']) {
  $(id)?.addEventListener('change', () => update());
}
$('#opcua-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  update();
});
$('#opcua-form')?.addEventListener('reset', () => {
  for (const store of Object.keys(dropped)) dropped[store] = [];
  setTimeout(() => {
    $('#opcua-as-of').value = new Date().toISOString().slice(0, 10);
    update();
  });
});
if ($('#opcua-as-of')) $('#opcua-as-of').value = new Date().toISOString().slice(0, 10);

function options() {
  const value = $('#opcua-as-of').value;
  const millis = value ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  const minimum = Number.parseInt($('#opcua-min-key').value, 10);
  return {
    time: Number.isNaN(millis) || value === new Date().toISOString().slice(0, 10) ? Date.now() : millis,
    minimumCertificateKeySize: Number.isNaN(minimum) ? 2048 : minimum,
    rejectSha1SignedCertificates: $('#opcua-sha1').checked,
    rejectUnknownRevocationStatus: $('#opcua-revocation').checked,
  };
}

/** The rules, by id: each finding's fix hint comes from its declaration in the core. */
let rulesById = null;
function rule(id) {
  if (!rulesById) rulesById = new Map(certgate.catalogue().map((entry) => [entry.id, entry]));
  return rulesById.get(id);
}

const ICONS = { error: '✖', warning: '⚠', info: 'ℹ' };
const worst = (findings) =>
  findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok';

function problem(message) {
  return h('div', { class: 'banner bad', role: 'alert' }, h('strong', {}, '✖ Cannot check: '), message);
}

function findingItems(findings) {
  return h('ul', { class: 'finding-list' },
    findings.map((finding) =>
      h('li', { class: `finding severity-${finding.severity}`, 'data-id': finding.id },
        h('span', { class: 'badge' }, `${ICONS[finding.severity]} ${finding.severity.toUpperCase()}`), ' ',
        h('code', { class: 'finding-id' }, finding.id), ' ',
        h('span', { class: 'message' }, finding.message),
        finding.source ? h('span', { class: 'where' }, ` — ${finding.source}`) : null,
        finding.severity !== 'info' && rule(finding.id) ? h('div', { class: 'fix' }, `Fix: ${rule(finding.id).fix}`) : null)));
}

function section(id, title, ...children) {
  return h('section', { class: `opcua-section`, id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title), ...children);
}

const commonName = (subject) => (/(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(subject ?? '') ?? [])[1] || subject || '(empty subject)';

/** Each file of one store with its status: the findings whose source it is. */
function fileList(store, views, findings) {
  const files = views.filter((view) => view.store === store);
  return h('ul', { class: 'opcua-files' },
    files.map((view) => {
      const own = findings.filter((finding) => finding.source === view.name);
      const status = worst(own);
      const what = view.kind === 'certificate'
        ? `${commonName(view.subject)}${view.selfSigned ? ' (self-signed)' : view.ca ? ' (CA)' : ''}`
        : view.kind === 'crl' ? `CRL of ${commonName(view.issuer)}` : 'unusable';
      return h('li', { class: `opcua-file ${status}`, 'data-name': view.name, 'data-store': store, 'data-status': status },
        h('strong', {}, view.name), ' ',
        h('span', { class: 'status' }, status === 'ok' ? '✔' : ICONS[status]), ' ',
        h('span', { class: 'what' }, what),
        h('div', { class: 'where' }, `Key Vault secret: ${view.secretName}`),
        own.length ? h('div', { class: 'ids' }, own.map((f) => f.id).join(', ')) : null);
    }));
}

function chainList(chains) {
  if (!chains.length) return h('p', {}, 'No certificate in the stores yet.');
  return h('ul', { class: 'opcua-chains' },
    chains.map(({ name, store, report }) => {
      const verdict = report.opcua;
      const trusted = verdict.chain.some((element) => element.from === 'trustList');
      const steps = verdict.chain.map((element) => {
        const certificate = report.certificates[element.certificate];
        const where = element.from === 'trustList' ? 'trust list' : element.from === 'issuerList' ? 'issuer list' : 'presented';
        return h('span', { class: 'step', 'data-from': element.from }, `${certificate?.source ?? '?'} (${where})`);
      });
      const last = report.certificates[verdict.chain.at(-1)?.certificate]?.view;
      return h('li', { class: `opcua-chain ${verdict.complete ? 'ok' : 'failed'}`, 'data-name': name, 'data-store': store, 'data-complete': String(verdict.complete), 'data-trusted': String(trusted) },
        h('strong', {}, name), ': ',
        steps.flatMap((step, index) => (index ? [' → ', step] : [step])),
        verdict.complete
          ? h('span', { class: 'status' }, ` ✔ closes at a self-signed root${trusted ? '' : ' — but nothing on it is in the trust list'}`)
          : h('span', { class: 'status' }, ` ✖ stops: the issuer ${last?.issuer ?? '?'} is in neither store`));
    }));
}

function crlList(views) {
  const crls = views.filter((view) => view.kind === 'crl');
  if (!crls.length) return h('p', {}, 'No CRL in the stores.');
  return h('ul', { class: 'opcua-crls' },
    crls.map((view) => {
      const state = view.signedBy
        ? `belongs to ${view.signedBy} (${view.store === 'trustList' ? 'trust list' : 'issuer list'}), ${view.current ? 'current' : 'not current'}, revokes ${view.revoked}`
        : view.issuerNamed
          ? `names ${view.issuer} but no CA of its store signed it: the stack ignores it`
          : `no CA in its store is named ${view.issuer}: the stack never reads it`;
      return h('li', { class: `opcua-crl ${view.signedBy && view.current ? 'ok' : 'failed'}`, 'data-name': view.name, 'data-ca': view.signedBy ?? '' },
        h('strong', {}, view.name), ' ', state,
        h('div', { class: 'where' }, `thisUpdate ${view.thisUpdate}, nextUpdate ${view.nextUpdate ?? 'none'}`));
    }));
}

function verdictBanner(report) {
  const verdict = report.opcua;
  const banner = h('div', { id: 'opcua-verdict', class: `banner ${verdict.accepted ? 'good' : 'bad'}`, 'data-status': verdict.status, 'data-accepted': String(verdict.accepted) },
    h('strong', {}, verdict.accepted ? '✔ The connector would accept this server (Good)' : `✖ The connector would refuse this server: ${verdict.status}`),
    verdict.accepted ? null : h('div', {}, verdict.reason),
    verdict.statuses.length > 1 ? h('div', { class: 'note' }, `Every failing check, outermost first: ${verdict.statuses.join(', ')}`) : null,
    h('div', { class: 'note' }, `Chain: ${verdict.chain.map((element) => `${report.certificates[element.certificate]?.source} (${element.from})`).join(' → ')}${verdict.complete ? '' : ' — incomplete'}`));
  return banner;
}

/** Only the latest update renders (file reads are asynchronous). */
let latest = 0;

async function update() {
  const generation = ++latest;
  if (!(await ready)) {
    $('#opcua-results').replaceChildren(problem('certgate could not start.'));
    return;
  }
  const [trustList, issuerList, application, server] = await Promise.all(['trustList', 'issuerList', 'application', 'server'].map(filesOf));
  if (generation !== latest) return;
  const settings = options();
  const stores = { trustList, issuerList };
  const results = [];
  const perStore = { trustList: [], issuerList: [], application: [] };
  try {
    let views = [];
    let storeReport = null;
    if (trustList.length || issuerList.length) {
      storeReport = certgate.opcuaStores(stores, settings);
      views = certgate.opcuaStoreFiles(stores, settings);
      perStore.trustList = fileList('trustList', views, storeReport.findings);
      perStore.issuerList = fileList('issuerList', views, storeReport.findings);
      // Each store certificate's chain as the stack builds it (opcuaServer's chain).
      const chains = [];
      for (const [store, files] of [['trustList', trustList], ['issuerList', issuerList]]) {
        for (const file of files) {
          if (views.find((view) => view.store === store && view.name === file.name)?.kind !== 'certificate') continue;
          chains.push({ name: file.name, store, report: certgate.opcuaServer(file, stores, settings) });
        }
      }
      results.push(
        section('opcua-chains', 'How the chains close', chainList(chains)),
        section('opcua-crls', 'CRLs and their CAs', crlList(views)),
        section('opcua-store-findings', `Stores: ${storeReport.valid ? 'no errors' : 'errors'}`,
          storeReport.findings.length ? findingItems(storeReport.findings) : h('p', {}, 'No findings: nothing to fix.')),
      );
    }
    if (application.length) {
      const publicKey = application.find((file) => /\.der$/i.test(file.name));
      const privateKey = application.find((file) => /\.pem$/i.test(file.name) && (!publicKey || file.name.slice(0, -4) === publicKey.name.slice(0, -4)))
        ?? application.find((file) => /\.pem$/i.test(file.name));
      if (!publicKey || !privateKey) {
        perStore.application = h('p', { class: 'opcua-app-missing' }, 'Needs the certificate <stem>.der and its private key <stem>.pem.');
      } else {
        const subjectName = $('#opcua-subject').value.trim();
        const applicationUri = $('#opcua-uri').value.trim();
        const report = certgate.opcuaClient({ publicKey, privateKey }, {
          ...settings,
          issuerList,
          ...(subjectName ? { subjectName } : {}),
          ...(applicationUri ? { applicationUri } : {}),
        });
        // The issuer list's own findings are shown with the stores.
        const issuerNames = new Set(issuerList.map((file) => file.name));
        const findings = report.findings.filter((finding) => !issuerNames.has(finding.source));
        const status = worst(findings.filter((finding) => finding.source !== privateKey.name));
        perStore.application = h('ul', { class: 'opcua-files' },
          [publicKey, privateKey].map((file) => {
            const own = findings.filter((finding) => finding.source === file.name);
            const fileStatus = file === publicKey ? status : worst(own);
            return h('li', { class: `opcua-file ${fileStatus}`, 'data-name': file.name, 'data-store': 'application', 'data-status': fileStatus },
              h('strong', {}, file.name), ' ', h('span', { class: 'status' }, fileStatus === 'ok' ? '✔' : ICONS[fileStatus]), ' ',
              file === publicKey ? commonName(report.certificates[0]?.view.subject) : 'private key (compared, never shown)');
          }));
        const errors = findings.some((finding) => finding.severity === 'error');
        results.push(section('opcua-application', `Application certificate: ${errors ? 'errors' : 'no errors'}`,
          findings.length ? findingItems(findings) : h('p', {}, 'No findings: nothing to fix.')));
      }
    }
    if (server.length) {
      const endpointHost = $('#opcua-host').value.trim();
      const report = certgate.opcuaServer(server[0], stores, { ...settings, ...(endpointHost ? { endpointHost } : {}) });
      results.unshift(section('opcua-server-verdict', `Server ${server[0].name}`, verdictBanner(report),
        report.findings.length ? findingItems(report.findings) : null));
    }
    if (!results.length) results.push(h('p', {}, 'Drop files into a store, or a server certificate, to see what the connector would do.'));
  } catch (error) {
    results.unshift(problem(error.message));
  }
  for (const [store, id] of STORES.map(([store, id]) => [store, id])) {
    const list = perStore[store];
    $(`#opcua-${id}-files`).replaceChildren(...(Array.isArray(list) ? list : [list]));
  }
  $('#opcua-results').replaceChildren(...results);
  $('#opcua-results').dataset.updated = String(generation);
}
