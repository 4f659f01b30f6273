// What the People page (every account's tokens) and the API tokens page (one's own) draw alike.
import { send } from '../api.js';
import { h, toast, when } from '../dom.js';

/** A token's validity: revoked when, valid until when, or no expiry. */
export const tokenValidity = (t) => (t.revokedAt ? ['revoked ', when(t.revokedAt)] : t.expiresAt ? ['until ', when(t.expiresAt)] : 'no expiry');

/** The cell with a token's Revoke button (empty once revoked); `redraw` after revoking. */
export const revokeCell = (t, redraw) =>
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
  );

/** A secret (a one-time password, a token), drawn once with the page that follows the change. */
export const secretPanel = (label, value, hint = 'Shown this once: copy it now.') =>
  h('section', { class: 'panel' }, h('h2', {}, label), h('p', { class: 'secret' }, value), h('p', { class: 'muted small' }, hint));
