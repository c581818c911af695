// Entry of the renderer bundle (dist/renderer/app.js).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './client';
import { StoreProvider } from './store/context';
import { createAppStore } from './store/store';
import { App } from './views/App';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const store = createAppStore(createClient(window));
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
