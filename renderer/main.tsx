import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/views.css';
import './styles/account.css';
// Shared by the Queue and the Library (rows, progress bars, state badges).
import './styles/queue.css';
import { App } from './app';
import { AccountProvider } from './account/account-context';
import { BridgeProvider } from './bridge/bridge-context';
import { selectBridge } from './bridge/select-bridge';
import { applyStoredTheme } from './shell/theme';
import { QueueProvider } from './stores/queue-context';
import { CatalogProvider } from './stores/catalog-context';

// Before the first paint, so a dark-theme user never sees a white flash.
applyStoredTheme();
const bridge = selectBridge(window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <BridgeProvider bridge={bridge}>
      <AccountProvider>
        <QueueProvider>
          <CatalogProvider>
            <App />
          </CatalogProvider>
        </QueueProvider>
      </AccountProvider>
    </BridgeProvider>
  </StrictMode>,
);
