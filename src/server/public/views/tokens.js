// One's own personal API tokens (for scripts): make one (its secret shown once), see them, revoke.
import { get, send } from '../api.js';
import { onSubmit } from '../controls.js';
import { clear, h, when } from '../dom.js';
import { revokeCell, secretPanel, tokenValidity } from './token-parts.js';

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
      h('td', {}, tokenValidity(t)),
      h('td', {}, t.lastUsedAt ? when(t.lastUsedAt) : 'never'),
      revokeCell(t, redraw),
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
              secretPanel(`API token "${r.token.name}"`, r.secret, 'Shown this once: copy it now. Send it as Authorization: Bearer; it acts with your role.'),
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
