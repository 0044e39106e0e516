import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app/app-root';
import { getBridge } from './bridge';
import { createQueryClient } from './queries/query-client';
import { createAppStore } from './state/app-store';
import { createDraftKeeper } from './state/draft-keeper';
import './styles.css';

/**
 * Renderer entry: one bridge, one query cache, one store, the draft keeper watching it, one React root.
 * Why they are made here and not in a component: they must exist once per window, before
 * any render, and outlive React's StrictMode double mounting.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const bridge = getBridge();
const queryClient = createQueryClient();
const store = createAppStore(bridge, { queryClient });
const drafts = createDraftKeeper(store, bridge);
// A reload or a closed window must not lose the last edit to the draft's quiet period.
window.addEventListener('pagehide', () => drafts.flush());
createRoot(container).render(
  <StrictMode>
    <AppRoot store={store} bridge={bridge} queryClient={queryClient} drafts={drafts} />
  </StrictMode>,
);
