import { Content, ContextualHelp, Footer, Heading, Text } from '@adobe/react-spectrum';
import type { MouseEvent } from 'react';
import { xdmTerms, type XdmTermId } from '../../../src-shared/xdm/xdm-terms';
import { useBridge } from '../../queries/server-context';
import { ask } from '../../queries/request';
import { appSelectors } from '../../state/app-slice';
import { useAppStore } from '../../state/store-context';
import './help.css';

/**
 * An info button beside a control whose XDM word is hard ("identity namespace", "union schema"):
 * it opens a popover with the term's short explanation and a link to Adobe's page for it.
 * Why Spectrum's ContextualHelp: a real button (keyboard reachable, named "About <term>") whose
 * popover is a dialog that takes focus and closes with Escape. Why the desktop app asks main to
 * open the page: its window never navigates nor opens windows (app/security.ts), so main hands
 * the term's page to the system browser; in browser mode the link opens a new tab itself.
 */
export function TermHelp({ term }: { term: XdmTermId }) {
  const { title, text, docs } = xdmTerms[term];
  const desktop = useAppStore(appSelectors.mode) === 'electron';
  const bridge = useBridge();
  const openInSystemBrowser = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (!desktop) return;
    event.preventDefault();
    void ask(bridge, 'help.openDocs', { term }).catch(() => undefined);
  };
  return (
    <ContextualHelp variant="info" aria-label={`About ${title.toLowerCase()}`} UNSAFE_className="term-help">
      <Heading>{title}</Heading>
      <Content>
        <Text>{text}</Text>
      </Content>
      <Footer>
        <a className="term-help__link" href={docs} target="_blank" rel="noreferrer" onClick={openInSystemBrowser}>
          {title} in Adobe’s documentation
        </a>
      </Footer>
    </ContextualHelp>
  );
}
