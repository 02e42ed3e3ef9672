// The upload preview: reads files locally, runs certgate (WebAssembly) on
// them, and shows certificates, the chain and every finding. No network.
// The certificate entry loads with the page; the manifest entry
// (certgate/kubernetes, the YAML reader and the Kubernetes rules) only when
// the trust-settings tab is first opened.
import init, * as certgate from '../pkg/certgate.js';

const $ = (selector) => document.querySelector(selector);
const DAY = 86_400_000;

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

const ready = init().then(
  () => true,
  (error) => {
    $('#cert-results').replaceChildren(problem(`certgate could not start: ${error.message}`));
    return false;
  },
);

/** The manifest entry, fetched and started on first use. */
let manifestEntry = null;
let manifestModule = null;
function kubernetes() {
  manifestEntry ??= import('../pkg/kubernetes.js').then(async (module) => {
    await module.default();
    manifestModule = module;
    rulesById = null; // its catalogue adds the Kubernetes rules
    return module;
  });
  return manifestEntry;
}

// --- Tabs (arrow keys move between them) -----------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (tab.id === 'tab-settings') kubernetes().catch(() => {});
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    selectTab(next);
    next.focus();
  });
}

// --- Inputs ----------------------------------------------------------------

const today = new Date().toISOString().slice(0, 10);
$('#as-of').value = today;
$('#settings-as-of').value = today;

let dropped = [];
const fileInput = $('#files');
const role = () => document.querySelector('input[name="role"]:checked').value;

function showServerOptions() {
  $('#server-options').hidden = role() !== 'leaf';
}
for (const radio of document.querySelectorAll('input[name="role"]')) {
  radio.addEventListener('change', () => {
    showServerOptions();
    if (haveInput()) check();
  });
}

function listFiles() {
  const names = [...fileInput.files, ...dropped].map((file) => file.name);
  $('#file-list').textContent = names.length ? `Selected: ${names.join(', ')}` : '';
}
fileInput.addEventListener('change', () => {
  dropped = [];
  listFiles();
  check();
});

const zone = $('#drop-zone');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('dragging');
});
zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('dragging');
  dropped = [...event.dataTransfer.files];
  fileInput.value = '';
  listFiles();
  check();
});

const haveInput = () => fileInput.files.length + dropped.length > 0 || $('#pasted').value.trim() !== '';

async function readFiles(files) {
  return Promise.all(
    [...files].map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })),
  );
}

/** Milliseconds for the end of the chosen day's first second (UTC midnight), or now. */
function asOf(input) {
  const value = input.value;
  if (!value || value === today) return Date.now();
  const millis = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(millis) ? Date.now() : millis;
}

$('#cert-form').addEventListener('submit', (event) => {
  event.preventDefault();
  check();
});
$('#cert-form').addEventListener('reset', () => {
  dropped = [];
  setTimeout(() => {
    $('#as-of').value = today;
    listFiles();
    showServerOptions();
    $('#cert-results').replaceChildren();
  });
});

async function check() {
  if (!(await ready)) return;
  const results = $('#cert-results');
  const inputs = [...(await readFiles(fileInput.files)), ...(await readFiles(dropped))];
  const pasted = $('#pasted').value;
  if (pasted.trim()) inputs.push({ name: 'pasted PEM', data: pasted });
  if (!inputs.length) {
    results.replaceChildren(problem('Choose, drop or paste a certificate first.'));
    return;
  }
  const time = asOf($('#as-of'));
  const chosen = role();
  try {
    let report;
    let mode;
    const anchors = chosen === 'leaf' ? await readFiles($('#anchors').files) : [];
    if (chosen === 'leaf' && anchors.length) {
      const dnsName = $('#dns-name').value.trim();
      report = certgate.validateChain(inputs, {
        trustAnchors: anchors,
        time,
        purpose: 'server',
        ...(dnsName ? { dnsName } : {}),
      });
      mode = 'verify';
    } else {
      report = certgate.lint(inputs, { role: chosen === 'leaf' ? 'auto' : chosen, time });
      mode = chosen === 'leaf' ? 'leaf-without-anchors' : 'lint';
    }
    results.replaceChildren(...render(report, { time, mode, role: chosen }));
  } catch (error) {
    results.replaceChildren(problem(error.message));
  }
}

// --- Trust settings ----------------------------------------------------------

$('#settings-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const results = $('#settings-results');
  if (!(await ready)) return;
  let manifests;
  try {
    manifests = await kubernetes();
  } catch (error) {
    results.replaceChildren(problem(`certgate/kubernetes could not start: ${error.message}`));
    return;
  }
  const time = asOf($('#settings-as-of'));
  try {
    const trustSettings = $('#trust-settings').value.trim();
    const report = manifests.checkObjects($('#manifests').value, {
      ...(trustSettings ? { trustSettings } : {}),
      namespace: $('#namespace').value.trim(),
      clusterResourceNamespace: $('#crn').value.trim(),
      time,
    });
    results.replaceChildren(...render(report, { time, mode: 'check' }));
  } catch (error) {
    results.replaceChildren(problem(error.message));
  }
});

// --- Rendering ---------------------------------------------------------------

function problem(message) {
  return h('div', { class: 'banner bad', role: 'alert' }, h('strong', {}, '✖ Cannot check: '), message);
}

const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

function commonName(view) {
  const match = /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(view.subject);
  return match ? match[1] : view.subject || '(empty subject)';
}

function render(report, context) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) counts[finding.severity] += 1;
  const summary = `${plural(report.certificates.length, 'certificate')}, ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}`;
  const banner = h(
    'div',
    { class: `banner ${report.valid ? 'good' : 'bad'}`, role: 'status', id: 'verdict' },
    h('strong', {}, report.valid ? '✔ Valid' : '✖ Not valid'),
    ` — ${summary}`,
    context.mode === 'leaf-without-anchors'
      ? h('span', { class: 'note' }, ' (no trust anchors given: the chain was linted, not validated)')
      : null,
  );
  const parts = [banner];
  if (report.clients && Object.keys(report.clients).length) parts.push(clientList(report));
  if (report.certificates.length) parts.push(chainPicture(report, context));
  parts.push(findingList(report));
  if (report.certificates.length) {
    parts.push(
      h('section', { class: 'certificates', 'aria-labelledby': 'certs-heading' },
        h('h2', { id: 'certs-heading' }, 'Certificates'),
        report.certificates.map((certificate) => certificateCard(certificate, report, context.time))),
    );
  }
  return parts;
}

function statuses(report, index) {
  const labels = new Set();
  for (const finding of report.findings) {
    if (finding.certificate !== index || finding.severity !== 'error') continue;
    // What is wrong, in words (never colour alone): the rule's own label.
    labels.add(rule(finding.id)?.label ?? 'error');
  }
  return [...labels];
}

/** Chains to draw: the validated path, or issuer links among the uploaded certificates. */
function chains(report) {
  const certificates = report.certificates;
  if (report.path) return [report.path];
  const issuerOf = (index) =>
    certificates.findIndex(
      (other, candidate) =>
        candidate !== index && !certificates[index].view.self_issued && other.view.subject === certificates[index].view.issuer,
    );
  const issuesOthers = new Set();
  certificates.forEach((_, index) => {
    const issuer = issuerOf(index);
    if (issuer >= 0) issuesOthers.add(issuer);
  });
  const result = [];
  certificates.forEach((_, index) => {
    if (issuesOthers.has(index)) return;
    const chain = [index];
    for (let next = issuerOf(index); next >= 0 && !chain.includes(next); next = issuerOf(next)) chain.push(next);
    result.push(chain);
  });
  return result;
}

function position(report, chain, at) {
  const view = report.certificates[chain[at]].view;
  if (report.certificates[chain[at]].trust_anchor) return 'Trust anchor';
  if (view.self_issued) return 'Root';
  if (at === 0 && !view.basic_constraints?.ca) return 'Leaf';
  return view.basic_constraints?.ca ? 'Intermediate CA' : 'Certificate';
}

function chainPicture(report, context) {
  const drawn = chains(report);
  return h('section', { class: 'chain', 'aria-labelledby': 'chain-heading' },
    h('h2', { id: 'chain-heading' }, drawn.length > 1 ? 'Chains (leaf → root)' : 'Chain (leaf → root)'),
    drawn.map((chain, number) => {
      const top = report.certificates[chain[chain.length - 1]];
      const untrustedTop = (context.mode === 'verify' && report.complete === false)
        || (context.mode === 'leaf-without-anchors' && !top.view.self_issued);
      return h('ol', { class: 'chain-row', 'aria-label': `Chain ${number + 1}` },
        chain.map((index, at) => {
          const certificate = report.certificates[index];
          const labels = statuses(report, index);
          if (at === chain.length - 1 && untrustedTop && !labels.includes('untrusted')) labels.push('untrusted');
          const ok = labels.length === 0;
          return h('li', { class: `chain-box ${ok ? 'ok' : 'failed'}` },
            h('span', { class: 'position' }, `#${index} ${position(report, chain, at)}`),
            h('span', { class: 'name' }, commonName(certificate.view)),
            h('span', { class: 'status' }, ok ? '✔ valid' : labels.map((label) => `✖ ${label}`).join(', ')),
            at < chain.length - 1 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→ issued by') : null);
        }));
    }));
}

const SEVERITIES = [
  ['error', 'Errors', '✖'],
  ['warning', 'Warnings', '⚠'],
  ['info', 'Info', 'ℹ'],
];

/** The rules, by id: each finding's fix hint comes from its declaration in the core. */
let rulesById = null;
function rule(id) {
  if (!rulesById) {
    rulesById = new Map(certgate.catalogue().map((entry) => [entry.id, entry]));
    for (const entry of manifestModule?.catalogue() ?? []) rulesById.set(entry.id, entry);
  }
  return rulesById.get(id);
}

const CLIENT_NAMES = {
  openssl: 'OpenSSL (curl, Python, Node, mosquitto)',
  go: 'Go (cert-manager, Kubernetes, Go MQTT clients)',
  rustls: 'rustls (Rust clients)',
};

/** One line per client: does it accept the input, and if not, because of what. */
function clientList(report) {
  return h('section', { class: 'clients', 'aria-labelledby': 'clients-heading' },
    h('h2', { id: 'clients-heading' }, 'Clients'),
    h('ul', { class: 'client-list' },
      Object.entries(report.clients).map(([name, answer]) =>
        h('li', { class: `client ${answer.accepts ? 'ok' : 'failed'}`, 'data-client': name },
          h('strong', {}, CLIENT_NAMES[name] || name), ': ',
          answer.accepts ? '✔ accepts' : `✖ rejects (${(answer.because || []).join(', ') || 'no path'})`))));
}

function findingList(report) {
  const section = h('section', { class: 'findings', 'aria-labelledby': 'findings-heading' },
    h('h2', { id: 'findings-heading' }, 'Findings'));
  if (!report.findings.length) {
    section.append(h('p', {}, 'No findings: nothing to fix.'));
    return section;
  }
  for (const [severity, title, icon] of SEVERITIES) {
    const findings = report.findings.filter((finding) => finding.severity === severity);
    if (!findings.length) continue;
    section.append(
      h('h3', { class: `severity-${severity}` }, `${icon} ${title} (${findings.length})`),
      h('ul', { class: `finding-list severity-${severity}` },
        findings.map((finding) => {
          const certificate = finding.certificate === null ? null : report.certificates[finding.certificate];
          const object = finding.object
            ? `${finding.object.kind} ${finding.object.namespace ? `${finding.object.namespace}/` : ''}${finding.object.name}`
            : null;
          return h('li', { class: 'finding', 'data-id': finding.id },
            h('span', { class: 'badge' }, `${icon} ${severity.toUpperCase()}`), ' ',
            h('code', { class: 'finding-id' }, finding.id), ' ',
            h('span', { class: 'message' }, finding.message),
            h('span', { class: 'where' },
              certificate ? ` — certificate #${finding.certificate} (${commonName(certificate.view)})` : '',
              object ? ` — ${object}` : '',
              finding.field ? ` — field ${finding.field}` : '',
              finding.source && !certificate ? ` — ${finding.source}` : ''),
            finding.rejected_by && finding.rejected_by.length
              ? h('span', { class: 'rejected-by' }, ` Rejected by: ${finding.rejected_by.join(', ')}.`)
              : null,
            severity !== 'info' && rule(finding.id)
              ? h('div', { class: 'fix' }, `Fix: ${rule(finding.id).fix}`)
              : null);
        })),
    );
  }
  return section;
}

function validityText(view, time) {
  const notAfter = Date.parse(view.not_after);
  const notBefore = Date.parse(view.not_before);
  if (time < notBefore) return `not valid yet: starts in ${Math.ceil((notBefore - time) / DAY)} days`;
  const days = Math.floor((notAfter - time) / DAY);
  if (days < 0) return `expired ${-days} days ago`;
  return `${days} days left`;
}

function keyText(key) {
  const parts = [key.algorithm];
  if (key.curve) parts.push(key.curve);
  if (key.bits) parts.push(`${key.bits} bits`);
  if (key.exponent) parts.push(`exponent ${key.exponent}`);
  if (!key.valid) parts.push('(key does not decode)');
  return parts.join(', ');
}

function certificateCard(certificate, report, time) {
  const view = certificate.view;
  const labels = statuses(report, certificate.index);
  const constraints = view.basic_constraints
    ? view.basic_constraints.ca
      ? `CA${view.basic_constraints.path_len === null ? '' : `, path length ≤ ${view.basic_constraints.path_len}`}`
      : 'not a CA'
    : 'absent (not a CA)';
  const rows = [
    ['Subject', view.subject || '(empty)'],
    ['Issuer', view.issuer || '(empty)'],
    ['Validity', `${view.not_before} → ${view.not_after} (${validityText(view, time)})`],
    ['Key', keyText(view.public_key)],
    ['Signature', view.signature_algorithm],
    ['Basic constraints', constraints],
    ['Key usage', view.key_usage ? view.key_usage.join(', ') : 'absent'],
    ['Extended key usage', view.extended_key_usage ? view.extended_key_usage.join(', ') : 'absent'],
    ['Subject alternative names', view.subject_alt_names ? view.subject_alt_names.join(', ') : 'none'],
    ['Serial', view.serial],
    ['Subject key id', view.subject_key_identifier ?? 'absent'],
    ['Authority key id', view.authority_key_identifier ?? 'absent'],
    ['SHA-256 fingerprint', view.fingerprints.sha256],
    ['SHA-1 fingerprint', view.fingerprints.sha1],
    ['From', `${certificate.source}${certificate.block === undefined ? '' : `, block ${certificate.block}`}${certificate.trust_anchor ? ' (trust anchor)' : ''}`],
  ];
  return h('details', { class: 'certificate', open: report.certificates.length <= 4 },
    h('summary', {},
      h('span', { class: 'position' }, `#${certificate.index}`), ' ',
      h('strong', {}, commonName(view)), ' ',
      h('span', { class: `status ${labels.length ? 'failed' : 'ok'}` },
        labels.length ? labels.map((label) => `✖ ${label}`).join(', ') : '✔ no errors')),
    h('dl', {}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
}
