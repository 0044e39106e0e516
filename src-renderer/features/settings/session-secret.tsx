import { Button, Form, Item, Picker, TextField } from '@adobe/react-spectrum';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { invalidate } from '../../queries/server-cache';
import { useBridge } from '../../queries/server-context';
import { ask, outcomeOf } from '../../queries/request';
import { useConnections } from '../../queries/use-server-state';
import { secretStatusLabels } from '../connections/secret-status';

/**
 * A client secret held in main's memory for this session, for a machine with no keychain (a
 * server without a Secret Service, a locked-down desktop).
 * Why said before it is typed: the secret is not saved anywhere, so the steward must know it is
 * forgotten when the app closes; it is never written to disk nor sent back to this window.
 */
export function SessionSecret() {
  const bridge = useBridge();
  const client = useQueryClient();
  const { views } = useConnections();
  const aep = views.filter((v) => v.connection.kind === 'aep');
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; name: string } | { ok: false; error: AppErrorShape } | null>(null);
  const chosen = aep.find((v) => v.connection.id === connectionId) ?? null;

  async function hold(): Promise<void> {
    if (!chosen) return;
    setBusy(true);
    const result = await outcomeOf(() => ask(bridge, 'credentials.holdForSession', { connectionId: chosen.connection.id, secret }));
    setBusy(false);
    if (!result.ok) {
      setOutcome({ ok: false, error: result.error });
      return;
    }
    setSecret('');
    setOutcome({ ok: true, name: chosen.connection.name });
    await invalidate.connections(client);
  }

  return (
    <section className="settings-section" aria-labelledby="settings-session-secret">
      <h2 className="settings-section__title" id="settings-session-secret">
        Secret for this session only
      </h2>
      <p className="settings-text">
        Where no keychain exists, XDM Loader can hold a connection’s client secret in its memory instead. <strong>It is forgotten when the app closes</strong>:
        it is never written to disk and never shown again, so you type it once per session.
      </p>
      {aep.length === 0 ? (
        <p className="prepare-muted settings-text">No AEP connection yet: add one on the Connections screen first. The Local sandbox needs no secret.</p>
      ) : (
        <Form
          aria-label="Secret for this session only"
          maxWidth="size-6000"
          onSubmit={(event) => {
            event.preventDefault();
            void hold();
          }}
        >
          <Picker
            label="Connection"
            selectedKey={connectionId}
            onSelectionChange={(key) => {
              setOutcome(null);
              setConnectionId(String(key));
            }}
            description={chosen ? `Now: ${secretStatusLabels[chosen.secret]}` : undefined}
          >
            {aep.map((v) => (
              <Item key={v.connection.id}>{v.connection.name}</Item>
            ))}
          </Picker>
          <TextField label="Client secret" type="password" autoComplete="off" value={secret} onChange={setSecret} />
          <div>
            <Button type="submit" variant="primary" isDisabled={!chosen || secret.trim() === '' || busy}>
              Hold for this session
            </Button>
          </div>
        </Form>
      )}
      {outcome?.ok ? (
        <p role="status" className="settings-text">
          Held for this session: “{outcome.name}” uses it until XDM Loader closes.
        </p>
      ) : null}
      {outcome && !outcome.ok ? (
        <p role="alert" className="settings-error">
          {outcome.error.message}
        </p>
      ) : null}
    </section>
  );
}
