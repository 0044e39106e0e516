import { Flex, StatusLight } from '@adobe/react-spectrum';
import DataUpload from '@spectrum-icons/workflow/DataUpload';
import { useLayoutEffect, useRef, useState } from 'react';
import { ActiveConnection } from '../features/connections/active-connection';
import { appSelectors } from '../state/app-slice';
import { useAppStore } from '../state/store-context';
import { NavigationContext } from './navigation';
import { screens, startScreenId } from './screens';

/** The mode light: where this window runs, so a steward knows why paths or menus differ. */
function ModeBadge() {
  const mode = useAppStore(appSelectors.mode);
  if (mode === null) return null;
  return (
    <StatusLight variant={mode === 'electron' ? 'positive' : 'info'} UNSAFE_className="app-header__mode">
      {mode === 'electron' ? 'Desktop app' : 'Browser mode'}
    </StatusLight>
  );
}

/**
 * The frame around every screen: header with the app's name, the current connection and sandbox
 * (a production one marked red) and the mode, side nav, content.
 * Why buttons and not links in the nav: in browser mode the URL fragment carries the access
 * token, so navigation never touches the URL.
 */
export function AppShell() {
  const name = useAppStore(appSelectors.name);
  const version = useAppStore(appSelectors.version);
  const [activeId, setActiveId] = useState(startScreenId);
  const active = screens.find((screen) => screen.id === activeId) ?? screens[0];
  const main = useRef<HTMLElement>(null);
  // Each screen opens at its top: the main area scrolls, and kept the previous screen's offset,
  // so a new job at the top of Jobs was out of view.
  useLayoutEffect(() => {
    main.current?.scrollTo({ top: 0 });
  }, [activeId]);

  return (
    <NavigationContext.Provider value={setActiveId}>
      <div className="app-shell">
        <header className="app-header">
          <Flex alignItems="center" gap="size-125">
            <DataUpload size="S" aria-hidden UNSAFE_className="app-header__logo" />
            <span className="app-header__name">{name}</span>
            {version ? <span className="app-header__version">{version}</span> : null}
          </Flex>
          <Flex alignItems="center" gap="size-200">
            <ActiveConnection onOpen={() => setActiveId('connections')} />
            <ModeBadge />
          </Flex>
        </header>
        <nav className="app-nav" aria-label="Screens">
          <ul>
            {screens.map((screen) => (
              <li key={screen.id}>
                <button
                  type="button"
                  className="app-nav__item"
                  aria-current={screen.id === active?.id ? 'page' : undefined}
                  onClick={() => setActiveId(screen.id)}
                  title={screen.label}
                >
                  {screen.icon}
                  <span className="app-nav__label visually-hidden">{screen.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="app-main" aria-label={active?.label} ref={main}>
          {active?.render()}
        </main>
      </div>
    </NavigationContext.Provider>
  );
}
