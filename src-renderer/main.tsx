import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app/app-root';
import { getBridge } from './bridge';
import { createQueryClient } from './queries/query-client';
import { createAppStore } from './state/app-store';
import './styles.css';

/**
 * Renderer entry: one bridge, one query cache, one store, one React root.
 * Why they are made here and not in a component: they must exist once per window, before
 * any render, and outlive React's StrictMode double mounting.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const bridge = getBridge();
const queryClient = createQueryClient();
const store = createAppStore(bridge, { queryClient });
createRoot(container).render(
  <StrictMode>
    <AppRoot store={store} bridge={bridge} queryClient={queryClient} />
  </StrictMode>,
);
