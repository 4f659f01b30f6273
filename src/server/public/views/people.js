// People (admins): accounts (add, change the role, disable, reset the password), personal API tokens
// (make one for someone, shown once; revoke), the audit trail (who changed what), and the alerts'
// delivery log.
import { get, send } from '../api.js';
import { onSubmit } from '../controls.js';
import { clear, h, toast, when } from '../dom.js';
import { revokeCell, secretPanel, tokenValidity } from './token-parts.js';

const ROLES = ['viewer', 'analyst', 'admin'];

function table(headings, rows, label) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'aria-label': label },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** Draws into `root`; after a change, draws again and swaps the page's content (`page`) at once. */
export async function peopleView(root, { alive }, page = root, notice = null) {
  const [users, tokens, audit, alerts] = await Promise.all([
    get('/api/users'),
    get('/api/tokens', { all: 1 }),
    get('/api/audit', { limit: 100 }),
    get('/api/alerts', { limit: 50 }),
  ]);
  if (!alive()) return;
  const redraw = async (next = null) => {
    if (!alive()) return;
    const fresh = h('div');
    await peopleView(fresh, { alive }, page, next);
    clear(page).append(...fresh.childNodes);
  };
  const shown = h('div', { role: 'status', 'aria-live': 'polite' }, notice);

  // ---- accounts
  const userRows = users.items.map((u) =>
    h(
      'tr',
      {},
      h('td', {}, u.username),
      h(
        'td',
        {},
        h(
          'select',
          {
            'aria-label': `Role of ${u.username}`,
            on: {
              change: async (event) => {
                await send('PATCH', `/api/users/${u.id}`, { role: event.target.value });
                toast(`${u.username} is now ${event.target.value}`);
                await redraw();
              },
            },
          },
          ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)),
        ),
      ),
      h('td', {}, u.disabled ? 'disabled' : 'active'),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            on: {
              click: async () => {
                await send('PATCH', `/api/users/${u.id}`, { disabled: !u.disabled });
                toast(`${u.username} ${u.disabled ? 'enabled' : 'disabled'}`);
                await redraw();
              },
            },
          },
          u.disabled ? `Enable ${u.username}` : `Disable ${u.username}`,
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            on: {
              click: async () => {
                const r = await send('POST', `/api/users/${u.id}/reset`, {});
                await redraw(secretPanel(`One-time password for ${u.username}`, r.password));
              },
            },
          },
          `Reset password of ${u.username}`,
        ),
      ),
    ),
  );
  const name = h('input', { type: 'text', 'aria-label': 'New user name', placeholder: 'user name', required: true, autocomplete: 'off' });
  const role = h(
    'select',
    { 'aria-label': 'Role' },
    ROLES.map((r) => h('option', { value: r }, r)),
  );
  const password = h('input', {
    type: 'password',
    'aria-label': 'Their password',
    placeholder: 'password (10+ characters)',
    required: true,
    autocomplete: 'new-password',
  });
  const addButton = h('button', { type: 'submit' }, 'Add');
  const addError = h('p', { class: 'error', role: 'status' });
  const addForm = h(
    'form',
    {
      class: 'inline-form',
      on: {
        submit: onSubmit(
          addButton,
          async () => {
            await send('POST', '/api/users', { username: name.value.trim(), role: role.value, password: password.value });
            toast(`Added ${name.value.trim()}`);
            await redraw();
          },
          (error) => {
            addError.textContent = error;
          },
        ),
      },
    },
    name,
    role,
    password,
    addButton,
  );

  // ---- tokens
  const tokenRows = tokens.items.map((t) =>
    h('tr', {}, h('td', {}, t.username), h('td', {}, t.name), h('td', { class: 'mono' }, `${t.prefix}…`), h('td', {}, tokenValidity(t)), revokeCell(t, redraw)),
  );
  const owner = h(
    'select',
    { 'aria-label': 'Token for' },
    users.items.filter((u) => !u.disabled).map((u) => h('option', { value: String(u.id) }, u.username)),
  );
  const tokenName = h('input', { type: 'text', 'aria-label': 'Token name', placeholder: 'what it is for', required: true, autocomplete: 'off' });
  const tokenButton = h('button', { type: 'submit' }, 'Make a token');
  const tokenError = h('p', { class: 'error', role: 'status' });
  const tokenForm = h(
    'form',
    {
      class: 'inline-form',
      on: {
        submit: onSubmit(
          tokenButton,
          async () => {
            const r = await send('POST', '/api/tokens', { name: tokenName.value.trim(), userId: Number(owner.value) });
            await redraw(secretPanel(`API token "${r.token.name}" for ${r.token.username}`, r.secret));
          },
          (error) => {
            tokenError.textContent = error;
          },
        ),
      },
    },
    owner,
    tokenName,
    tokenButton,
  );

  // ---- audit trail and alerts
  const auditRows = audit.items.map((e) => h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {}, e.action), h('td', {}, e.subject ?? '')));
  const deliveryRows = alerts.deliveries.map((d) =>
    h(
      'tr',
      {},
      h('td', {}, when(d.at)),
      h('td', {}, d.channel),
      h('td', {}, String(d.alerts)),
      h('td', {}, d.ok ? 'delivered' : 'failed'),
      h('td', {}, d.detail),
    ),
  );
  const pending = alerts.items.filter((a) => a.status === 'pending').length;

  root.append(
    h('h1', {}, 'People'),
    shown,
    h('section', { class: 'panel' }, h('h2', {}, 'Accounts'), table(['Name', 'Role', 'Status', ''], userRows, 'Accounts'), addForm, addError),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'API tokens'),
      table(['Person', 'Name', 'Token', 'Valid', ''], tokenRows, 'API tokens'),
      tokenForm,
      tokenError,
    ),
    h('section', { class: 'panel' }, h('h2', {}, 'Audit trail'), table(['When', 'Who', 'What', 'On'], auditRows, 'Audit trail')),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Alerts'),
      h(
        'p',
        { class: 'muted small' },
        alerts.channels.length
          ? `${alerts.channels.length} channel(s): ${alerts.channels.map((c) => `${c.name} (${c.type}, ${c.delivery})`).join(', ')}. ${pending} alert(s) waiting.`
          : 'No alerts configured (alerts[] in the config).',
      ),
      table(['When', 'Channel', 'Alerts', 'Result', 'Detail'], deliveryRows, 'Alert deliveries'),
    ),
  );
}
