// Controls the views share: a form's submit handler that talks to the API, and a report's
// download button.
import { ApiError, download } from './api.js';
import { h, toast } from './dom.js';

/** An error as a view shows it: `CODE: message` for the API's, else its text. */
function errorText(error) {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}

/**
 * A form's submit handler: runs `task` with `button` disabled (so a second click sends nothing),
 * and hands a failure's text to `onError`.
 */
export function onSubmit(button, task, onError) {
  return async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await task();
    } catch (error) {
      onError(errorText(error));
    } finally {
      button.disabled = false;
    }
  };
}

/** A button that downloads the report of `query` (GET /api/reports) and says so when saved. */
export function reportButton(label, query, cls = 'secondary') {
  const save = () => download('/api/reports', query).then((name) => toast(`Downloaded ${name}`));
  return h('button', { type: 'button', class: cls, on: { click: save } }, label);
}
