/** Renderer entry: chooses the transport for where it runs and mounts the app. */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/apiClient.js';
import { ApiProvider } from './api/ApiProvider.js';
import { chooseTransport } from './api/chooseTransport.js';
import { App } from './App.js';
import './styles.css';

const { transport, onStatus, problem } = chooseTransport();
const client = createApiClient(transport);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider client={client}>
      <App onStatus={onStatus} problem={problem} />
    </ApiProvider>
  </StrictMode>,
);
