// One's own personal API tokens (for scripts): make one (its secret shown once), see them, revoke.
import { get, send } from '../api.js';
import { onSubmit } from '../controls.js';
import { clear, h, toast, when } from '../dom.js';

/** Draws into `root`; after a change, draws again (with `notice`, the secret shown once) and swaps the page's content (`page`). */
export async function tokensView(root, { alive }, page = root, notice = null) {
  const tokens = await get('/api/tokens');
  if (!alive()) return;
  const redraw = async (next = null) => {
    if (!alive()) return;
    const fresh = h('div');
    await tokensView(fresh, { alive }, page, next);
    clear(page).append(...fresh.childNodes);
  };
  const shown = h('div', { role: 'status', 'aria-live': 'polite' }, notice);
  const rows = tokens.items.map((t) =>
    h(
      'tr',
      {},
      h('td', {}, t.name),
      h('td', { class: 'mono' }, `${t.prefix}…`),
      h('td', {}, when(t.createdAt)),
      h('td', {}, t.revokedAt ? ['revoked ', when(t.revokedAt)] : t.expiresAt ? ['until ', when(t.expiresAt)] : 'no expiry'),
      h('td', {}, t.lastUsedAt ? when(t.lastUsedAt) : 'never'),
      h(
        'td',
        {},
        t.revokedAt
          ? ''
          : h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                on: {
                  click: async () => {
                    await send('DELETE', `/api/tokens/${t.id}`);
                    toast(`Revoked ${t.name}`);
                    await redraw();
                  },
                },
              },
              `Revoke ${t.name}`,
            ),
      ),
    ),
  );
  const name = h('input', { type: 'text', 'aria-label': 'Token name', placeholder: 'what it is for', required: true, autocomplete: 'off' });
  const days = h('input', { type: 'number', 'aria-label': 'Days valid', min: 1, max: 3650, value: '90' });
  const button = h('button', { type: 'submit' }, 'Make a token');
  const error = h('p', { class: 'error', role: 'status' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      on: {
        submit: onSubmit(
          button,
          async () => {
            const r = await send('POST', '/api/tokens', { name: name.value.trim(), expiresInDays: Number(days.value) || 90 });
            await redraw(
              h(
                'section',
                { class: 'panel' },
                h('h2', {}, `API token "${r.token.name}"`),
                h('p', { class: 'secret' }, r.secret),
                h('p', { class: 'muted small' }, 'Shown this once: copy it now. Send it as Authorization: Bearer; it acts with your role.'),
              ),
            );
          },
          (text) => {
            error.textContent = text;
          },
        ),
      },
    },
    name,
    days,
    button,
  );
  root.append(
    h('h1', {}, 'API tokens'),
    shown,
    h(
      'section',
      { class: 'panel' },
      h('p', { class: 'muted small' }, 'Personal tokens for scripts: kept on the server only as hashes, expiring, revocable.'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { 'aria-label': 'Your API tokens' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Name', 'Token', 'Made', 'Valid', 'Last used', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
      form,
      error,
    ),
  );
}
