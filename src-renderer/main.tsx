import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app/app-root';
import { getBridge } from './bridge';
import { createAppStore } from './state/app-store';
import './styles.css';

/**
 * Renderer entry: one bridge, one store, one React root.
 * Why the store is made here and not in a component: it must exist once per window, before
 * any render, and outlive React's StrictMode double mounting.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const store = createAppStore(getBridge());
createRoot(container).render(
  <StrictMode>
    <AppRoot store={store} />
  </StrictMode>,
);
