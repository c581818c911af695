// Entry of the renderer bundle (dist/renderer/app.js; its styles become dist/renderer/app.css).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createClient } from './client';
import { createI18n } from './i18n/create-i18n';
import { resolveLanguage } from './i18n/language';
import { StoreProvider } from './store/context';
import { createAppStore } from './store/store';
import './styles/index.css';
import { App } from './views/App';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

// The OS language until the settings say otherwise (they arrive with the first load).
const i18n = createI18n(resolveLanguage('system', navigator.languages));
/**
 * Photo events within one frame are applied together (one render per frame at most). A hidden
 * window gets no frames, so a timer flushes too: the "album done" notification must not wait
 * for the user to come back (browsers slow such timers to about 1 s when hidden; fine).
 */
function nextFrameOrSoon(flush: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  requestAnimationFrame(once);
  setTimeout(once, 250);
}

const store = createAppStore(createClient(window), { schedule: nextFrameOrSoon });
// Listening (and so loading, once the event channel is up) starts before React's first render,
// not in an effect after it: the library's list is the longest wait before the first grid.
store.getState().start();
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </I18nextProvider>
  </StrictMode>,
);
