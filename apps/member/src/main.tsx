import '@party/ui/styles.css';
import './styles/player.css';
import './styles/privacy.css';
import './styles/favourites.css';
import { initI18n, Providers } from '@party/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { memberCatalogues } from './i18n';

initI18n(memberCatalogues);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
