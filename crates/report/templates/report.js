// stance's findings table: filters, sort, grouping and paging over the inline results, with
// the state in the URL fragment. The data's shape is described in crates/report/src/data.rs.
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('stance-data').textContent);
  const { statuses, severities, checks, regions, suppressions, results } = data;
  const count = results.length;
  const COLUMNS = ['status', 'severity', 'check', 'category', 'region', 'resource', 'message'];
  const LIST_KEYS = ['status', 'severity'];
  const VALUE_KEYS = ['category', 'region', 'check', 'control', 'q'];

  // Per check: its category's index (categories sorted), its rank by title, the text the free
  // text search looks at.
  const categories = [...new Set(checks.map((check) => check.category))].sort();
  const checkCategory = Uint16Array.from(checks, (check) => categories.indexOf(check.category));
  const checkSeverity = Uint8Array.from(checks, (check) => check.severity);
  const checkTitleRank = new Uint16Array(checks.length);
  checks
    .map((check, index) => [check.title.toLowerCase(), check.id, index])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .forEach(([, , index], rank) => { checkTitleRank[index] = rank; });
  const checkText = checks.map((check) => `${check.id}\n${check.title}`.toLowerCase());

  // Per result, its own columns.
  const rowCheck = new Uint16Array(count);
  const rowStatus = new Uint8Array(count);
  const rowRegion = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const row = results[i];
    rowCheck[i] = row[0];
    rowStatus[i] = row[1];
    rowRegion[i] = row[2];
  }
  // Lower-cased resources and messages, made on the first free text search.
  let lowerResources = null;
  let lowerMessages = null;

  // The default order, worst first: status, then severity, then the results' own order. Every
  // other order breaks its ties by it.
  const baseRank = new Uint32Array(count);
  {
    const key = (i) => rowStatus[i] * 4 + checkSeverity[rowCheck[i]];
    const order = sortedIndexes((a, b) => key(a) - key(b) || a - b);
    order.forEach((row, rank) => { baseRank[row] = rank; });
  }
  const orders = new Map();

  function sortedIndexes(compare) {
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort(compare);
  }

  function columnKey(column) {
    switch (column) {
      case 'status': return (i) => rowStatus[i];
      case 'severity': return (i) => checkSeverity[rowCheck[i]];
      case 'check': return (i) => checkTitleRank[rowCheck[i]];
      case 'category': return (i) => checkCategory[rowCheck[i]];
      case 'region': return (i) => rowRegion[i];
      default: return null;
    }
  }

  /** The results in the order of `column` (descending when `descending`), made once. */
  function orderOf(column, descending) {
    const name = (descending ? '-' : '') + column;
    if (!orders.has(name)) {
      const direction = descending ? -1 : 1;
      const key = columnKey(column);
      let compare;
      if (key) {
        compare = (a, b) => (key(a) - key(b)) * direction || baseRank[a] - baseRank[b];
      } else {
        const field = column === 'resource' ? 3 : 4;
        compare = (a, b) => {
          const x = results[a][field];
          const y = results[b][field];
          return (x < y ? -direction : x > y ? direction : 0) || baseRank[a] - baseRank[b];
        };
      }
      orders.set(name, sortedIndexes(compare));
    }
    return orders.get(name);
  }

  // ---- State: the URL fragment --------------------------------------------------------------

  function emptyState() {
    return {
      status: [], severity: [], category: '', region: '', check: '', control: '', q: '',
      sort: 'status', descending: false, group: false, details: false,
    };
  }

  function readFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const state = emptyState();
    for (const key of LIST_KEYS) {
      state[key] = (params.get(key) || '').split(',').filter(Boolean);
    }
    for (const key of VALUE_KEYS) state[key] = params.get(key) || '';
    const sort = params.get('sort') || '';
    const column = sort.replace(/^-/, '');
    if (COLUMNS.includes(column)) {
      state.sort = column;
      state.descending = sort.startsWith('-');
    }
    state.group = params.get('group') === 'check';
    state.details = params.get('details') === '1';
    return state;
  }

  function encode(value) {
    return encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':');
  }

  function fragmentOf(state) {
    const parts = [];
    for (const key of LIST_KEYS) if (state[key].length) parts.push(`${key}=${encode(state[key].join(','))}`);
    for (const key of VALUE_KEYS) if (state[key]) parts.push(`${key}=${encode(state[key])}`);
    if (state.sort !== 'status' || state.descending) parts.push(`sort=${state.descending ? '-' : ''}${state.sort}`);
    if (state.group) parts.push('group=check');
    if (state.details) parts.push('details=1');
    return parts.join('&');
  }

  // ---- Filtering ----------------------------------------------------------------------------

  /** The results that pass `state`'s filters, in its order. */
  function matching(state) {
    const statusWanted = new Uint8Array(statuses.length).fill(state.status.length ? 0 : 1);
    for (const name of state.status) if (statuses.includes(name)) statusWanted[statuses.indexOf(name)] = 1;
    const severityWanted = new Uint8Array(severities.length).fill(state.severity.length ? 0 : 1);
    for (const name of state.severity) if (severities.includes(name)) severityWanted[severities.indexOf(name)] = 1;
    const [programme, control] = state.control.split(/:(.*)/s);
    const query = state.q.trim().toLowerCase();
    // What depends on the check alone, decided once per check.
    const checkWanted = Uint8Array.from(checks, (check, index) => {
      if (!severityWanted[check.severity]) return 0;
      if (state.category && check.category !== state.category) return 0;
      if (state.check && check.id !== state.check) return 0;
      if (state.control) {
        const mapped = check.controls.find(([id]) => id === programme);
        if (!mapped || !mapped[1].includes(control)) return 0;
      }
      return 1;
    });
    const checkHit = Uint8Array.from(checkText, (text) => (query && text.includes(query) ? 1 : 0));
    const region = state.region ? regions.indexOf(state.region) : -1;
    if (state.region && region < 0) return new Uint32Array(0);
    if (query && !lowerResources) {
      lowerResources = results.map((row) => row[3].toLowerCase());
      lowerMessages = results.map((row) => row[4].toLowerCase());
    }
    const order = orderOf(state.sort, state.descending);
    const found = new Uint32Array(count);
    let total = 0;
    for (let position = 0; position < count; position++) {
      const i = order[position];
      const check = rowCheck[i];
      if (!checkWanted[check] || !statusWanted[rowStatus[i]]) continue;
      if (region >= 0 && rowRegion[i] !== region) continue;
      if (query && !checkHit[check] && !lowerResources[i].includes(query) && !lowerMessages[i].includes(query)) continue;
      found[total++] = i;
    }
    return found.subarray(0, total);
  }

  /** The table's items: results, or with grouping, per check in order of its first result, a
   * group (as `-1 - check`) followed by its results when it is open. */
  function itemsOf(found, state) {
    if (!state.group) return { items: found, groups: 0, members: null };
    const members = new Map();
    for (const i of found) {
      const check = rowCheck[i];
      if (!members.has(check)) members.set(check, []);
      members.get(check).push(i);
    }
    const items = [];
    for (const [check, rows] of members) {
      items.push(-1 - check);
      if (openGroups.has(check)) for (const i of rows) items.push(i);
    }
    return { items, groups: members.size, members };
  }

  // ---- Rendering ----------------------------------------------------------------------------

  const form = document.getElementById('filters');
  const tbody = document.getElementById('rows');
  const matchCount = document.getElementById('match-count');
  const pageLabel = document.getElementById('page-label');
  const pageSize = document.getElementById('page-size');
  const openRows = new Set();
  const openGroups = new Set();
  let state = readFragment();
  let view = { found: new Uint32Array(0), items: [], groups: 0, members: null };
  let page = 0;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cell(row, className, text) {
    const td = element('td', className, text);
    row.appendChild(td);
    return td;
  }

  /** The part of an ARN after its fifth colon: `security-group/sg-1`, a bucket's name. */
  function shortResource(arn) {
    const parts = arn.split(':');
    return parts.length >= 6 && parts[0] === 'arn' ? parts.slice(5).join(':') : arn;
  }

  function findingRow(i) {
    const row = results[i];
    const check = checks[row[0]];
    const tr = element('tr', 'finding');
    tr.dataset.row = i;
    tr.tabIndex = 0;
    tr.setAttribute('aria-expanded', String(openRows.has(i) || state.details));
    cell(tr, '').appendChild(element('span', `badge status-${statuses[row[1]]}`, statuses[row[1]]));
    cell(tr, '').appendChild(element('span', `severity severity-${severities[check.severity]}`, severities[check.severity]));
    cell(tr, 'check', check.title);
    cell(tr, '', check.category);
    cell(tr, '', regions[row[2]]);
    const resource = cell(tr, 'resource', shortResource(row[3]));
    resource.title = row[3];
    const message = cell(tr, 'message', row[4]);
    if (row.length > 5) message.appendChild(element('span', 'suppressed', ' suppressed'));
    return tr;
  }

  function detailRow(i) {
    const row = results[i];
    const check = checks[row[0]];
    const tr = element('tr', 'detail');
    const td = cell(tr, '');
    td.colSpan = COLUMNS.length;
    const list = element('dl');
    const entry = (term, content) => {
      list.appendChild(element('dt', '', term));
      const dd = element('dd');
      if (typeof content === 'string') dd.textContent = content; else dd.appendChild(content);
      list.appendChild(dd);
    };
    entry('Check', `${check.title} (${check.id})`);
    entry('Description', check.description);
    if (check.remediation) entry('Remediation', check.remediation);
    entry('Message', row[4]);
    const resource = element('span');
    resource.appendChild(element('code', '', row[3]));
    const url = consoleUrl(row[3]);
    if (url) {
      const link = element('a', 'console', 'open in the AWS console');
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      resource.append(' ', link);
    }
    entry('Resource', resource);
    if (row.length > 5) {
      const suppression = suppressions[row[5]];
      entry('Suppressed', `by ${suppression.rule}: ${suppression.reason}`);
    }
    if (check.controls.length) {
      entry('Controls', check.controls.map(([programme, ids]) => `${programme.toUpperCase()} ${ids.join(', ')}`).join('; '));
    }
    td.appendChild(list);
    return tr;
  }

  function groupRow(check) {
    const rows = view.members.get(check);
    const tally = new Array(statuses.length).fill(0);
    for (const i of rows) tally[rowStatus[i]]++;
    const tr = element('tr', 'group');
    tr.dataset.check = check;
    tr.tabIndex = 0;
    tr.setAttribute('aria-expanded', String(openGroups.has(check)));
    const td = cell(tr, '');
    td.colSpan = COLUMNS.length;
    const info = checks[check];
    td.appendChild(element('span', 'toggle', openGroups.has(check) ? '▾' : '▸'));
    td.appendChild(element('strong', '', ` ${info.title}`));
    td.appendChild(element('code', '', ` ${info.id}`));
    td.appendChild(element('span', `severity severity-${severities[info.severity]}`, severities[info.severity]));
    tally.forEach((n, status) => {
      if (n) td.appendChild(element('span', `badge status-${statuses[status]}`, `${n.toLocaleString('en')} ${statuses[status]}`));
    });
    return tr;
  }

  function renderPage() {
    const size = Number(pageSize.value);
    const pages = Math.max(1, Math.ceil(view.items.length / size));
    page = Math.min(page, pages - 1);
    const start = page * size;
    const end = Math.min(view.items.length, start + size);
    const rows = document.createDocumentFragment();
    for (let position = start; position < end; position++) {
      const item = view.items[position];
      if (item < 0) {
        rows.appendChild(groupRow(-1 - item));
      } else {
        rows.appendChild(findingRow(item));
        if (state.details || openRows.has(item)) rows.appendChild(detailRow(item));
      }
    }
    tbody.replaceChildren(rows);
    pageLabel.textContent = view.items.length
      ? `${(start + 1).toLocaleString('en')}–${end.toLocaleString('en')} of ${view.items.length.toLocaleString('en')} rows, page ${page + 1} of ${pages}`
      : 'no rows';
  }

  function renderCount() {
    const found = view.found.length;
    let text = `${found.toLocaleString('en')} of ${count.toLocaleString('en')} results`;
    if (state.group) text += ` in ${view.groups.toLocaleString('en')} checks`;
    matchCount.textContent = text;
    matchCount.dataset.count = found;
    matchCount.dataset.groups = view.groups;
  }

  /** Filters, orders and renders the first page for `state`, and records how long it took. */
  function apply() {
    const started = performance.now();
    const found = matching(state);
    view = { found, ...itemsOf(found, state) };
    page = 0;
    renderCount();
    renderPage();
    document.body.dataset.filterMs = (performance.now() - started).toFixed(1);
  }

  /** The open groups changed: the same results, other items. */
  function regroup() {
    Object.assign(view, itemsOf(view.found, state));
    renderPage();
  }

  // ---- Controls -----------------------------------------------------------------------------

  function showState() {
    for (const input of form.querySelectorAll('input[type=checkbox]')) {
      const key = input.name;
      if (LIST_KEYS.includes(key)) input.checked = state[key].includes(input.value);
      else input.checked = Boolean(state[key]);
    }
    for (const key of VALUE_KEYS) {
      const control = form.elements[key];
      if (control) control.value = state[key];
    }
    for (const th of document.querySelectorAll('th[data-sort]')) {
      const sorted = th.dataset.sort === state.sort;
      th.setAttribute('aria-sort', sorted ? (state.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  function stateOfForm() {
    const next = { ...state };
    for (const key of LIST_KEYS) {
      next[key] = [...form.querySelectorAll(`input[name=${key}]:checked`)].map((input) => input.value);
    }
    for (const key of VALUE_KEYS) {
      const control = form.elements[key];
      if (control) next[key] = control.value;
    }
    next.group = form.elements.group.checked;
    next.details = form.elements.details.checked;
    return next;
  }

  /** Shows `next`, keeping it in the fragment without a history entry per keystroke. */
  function change(next) {
    state = next;
    history.replaceState(null, '', `#${fragmentOf(state)}`);
    showState();
    apply();
  }

  let typing = null;
  form.addEventListener('input', (event) => {
    clearTimeout(typing);
    if (event.target.name === 'q') typing = setTimeout(() => change(stateOfForm()), 150);
    else change(stateOfForm());
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('clear').addEventListener('click', () => change(emptyState()));
  document.querySelector('#findings-table thead').addEventListener('click', (event) => {
    const th = event.target.closest('th[data-sort]');
    if (!th) return;
    const column = th.dataset.sort;
    change({ ...state, sort: column, descending: state.sort === column && !state.descending });
  });
  function toggle(tr) {
    if (tr.classList.contains('group')) {
      const check = Number(tr.dataset.check);
      if (!openGroups.delete(check)) openGroups.add(check);
      regroup();
    } else if (tr.classList.contains('finding') && !state.details) {
      const i = Number(tr.dataset.row);
      if (!openRows.delete(i)) openRows.add(i);
      renderPage();
    }
  }
  tbody.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const tr = event.target.closest('tr.group, tr.finding');
    if (tr) toggle(tr);
  });
  tbody.addEventListener('keydown', (event) => {
    const tr = event.target.closest('tr.group, tr.finding');
    if (tr && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      toggle(tr);
    }
  });
  document.querySelector('.pager').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-page]');
    if (!button) return;
    const pages = Math.max(1, Math.ceil(view.items.length / Number(pageSize.value)));
    page = { first: 0, previous: Math.max(0, page - 1), next: Math.min(pages - 1, page + 1), last: pages - 1 }[button.dataset.page];
    renderPage();
  });
  pageSize.addEventListener('change', () => { page = 0; renderPage(); });
  // A link to a filter (the scoreboard's counts, a control) or an edited fragment; a link to
  // a section (`#compliance`) is left to the browser.
  window.addEventListener('hashchange', () => {
    if (!location.hash.includes('=')) return;
    state = readFragment();
    showState();
    apply();
    document.getElementById('findings').scrollIntoView();
  });

  // ---- The AWS console ----------------------------------------------------------------------

  /** The AWS console's page of the resource an ARN names, where one can be built: the
   * commercial partition only (the others have consoles of their own). */
  function consoleUrl(arn) {
    const match = /^arn:aws:([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
    if (!match) return null;
    const [, service, region, account, resource] = match;
    const split = /[:/]/.exec(resource);
    const type = split ? resource.slice(0, split.index) : resource;
    const id = split ? resource.slice(split.index + 1) : '';
    const name = id.split('/').pop();
    const e = encodeURIComponent;
    const global = 'https://console.aws.amazon.com';
    const regional = (path) => (region ? `https://${region}.console.aws.amazon.com/${path}` : null);
    const ec2 = (fragment) => regional(`ec2/home?region=${region}#${fragment}`);
    const vpc = (fragment) => regional(`vpcconsole/home?region=${region}#${fragment}`);
    switch (service) {
      case 'ec2':
        switch (type) {
          case 'instance': return ec2(`InstanceDetails:instanceId=${e(id)}`);
          case 'security-group': return ec2(`SecurityGroup:groupId=${e(id)}`);
          case 'volume': return ec2(`VolumeDetails:volumeId=${e(id)}`);
          case 'snapshot': return ec2(`SnapshotDetails:snapshotId=${e(id)}`);
          case 'image': return ec2(`ImageDetails:imageId=${e(id)}`);
          case 'network-interface': return ec2(`NetworkInterface:networkInterfaceId=${e(id)}`);
          case 'launch-template': return ec2(`LaunchTemplateDetails:launchTemplateId=${e(id)}`);
          case 'elastic-ip': return ec2(`ElasticIpDetails:AllocationId=${e(id)}`);
          case 'vpc': return vpc(`VpcDetails:VpcId=${e(id)}`);
          case 'subnet': return vpc(`SubnetDetails:subnetId=${e(id)}`);
          case 'network-acl': return vpc(`NetworkAclDetails:networkAclId=${e(id)}`);
          case 'route-table': return vpc(`RouteTableDetails:RouteTableId=${e(id)}`);
          case 'internet-gateway': return vpc(`InternetGateway:internetGatewayId=${e(id)}`);
          case 'vpc-endpoint': return vpc(`EndpointDetails:vpcEndpointId=${e(id)}`);
          case 'vpc-peering-connection': return vpc(`PeeringConnectionDetails:VpcPeeringConnectionId=${e(id)}`);
          default: return null;
        }
      case 's3':
        return !region && !account && !resource.includes('/') ? `https://s3.console.aws.amazon.com/s3/buckets/${e(resource)}` : null;
      case 'iam':
        switch (type) {
          case 'user': return `${global}/iam/home#/users/details/${e(name)}`;
          case 'role': return `${global}/iam/home#/roles/details/${e(name)}`;
          case 'group': return `${global}/iam/home#/groups/details/${e(name)}`;
          case 'policy': return `${global}/iam/home#/policies/details/${e(arn)}`;
          case 'root': return `${global}/iam/home#/security_credentials`;
          default: return null;
        }
      case 'kms': return type === 'key' ? regional(`kms/home?region=${region}#/kms/keys/${e(id)}`) : null;
      case 'cloudtrail': return type === 'trail' ? regional(`cloudtrail/home?region=${region}#/trails/${e(arn)}`) : null;
      case 'rds':
        if (type === 'db') return regional(`rds/home?region=${region}#database:id=${e(id)};is-cluster=false`);
        if (type === 'cluster') return regional(`rds/home?region=${region}#database:id=${e(id)};is-cluster=true`);
        return null;
      case 'lambda': return type === 'function' ? regional(`lambda/home?region=${region}#/functions/${e(id)}`) : null;
      case 'sns': return account && region ? regional(`sns/v3/home?region=${region}#/topic/${arn}`) : null;
      case 'sqs':
        return account && region
          ? regional(`sqs/v3/home?region=${region}#/queues/${e(`https://sqs.${region}.amazonaws.com/${account}/${resource}`)}`)
          : null;
      case 'elasticfilesystem': return type === 'file-system' ? regional(`efs/home?region=${region}#/file-systems/${e(id)}`) : null;
      case 'elasticloadbalancing': return type === 'loadbalancer' ? ec2(`LoadBalancer:loadBalancerArn=${arn}`) : null;
      case 'cloudfront': return type === 'distribution' ? `${global}/cloudfront/v4/home#/distributions/${e(id)}` : null;
      default: return null;
    }
  }

  showState();
  apply();
  document.body.dataset.interactiveMs = performance.now().toFixed(1);
})();
