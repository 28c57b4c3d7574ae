import '@party/ui/styles.css';
import './styles/player.css';
import './styles/privacy.css';
import './styles/favourites.css';
import { createClients, initI18n, Providers, warmFormats } from '@party/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { prefetchFirstPage } from './first-page';
import { memberCatalogues } from './i18n';

initI18n(memberCatalogues);
const clients = createClients();
prefetchFirstPage(clients, window.location.pathname);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Providers clients={clients}>
      <App />
    </Providers>
  </StrictMode>,
);
// After the first render, while the first request is on its way.
setTimeout(warmFormats, 0);
