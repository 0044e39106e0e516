import {
  Button,
  ButtonGroup,
  Checkbox,
  Content,
  Dialog,
  Divider,
  Form,
  Heading,
  InlineAlert,
  Item,
  Picker,
  TextArea,
  TextField,
  useDialogContainer,
} from '@adobe/react-spectrum';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { ErrorMessage, FailureDetails } from '../../components/failure-details';
import type { ConnectionView } from '../../../src-shared/platform/connection';
import { findHostPreset, hostPresets } from '../../../src-shared/platform/host-presets';
import { useKeychain } from '../../queries/use-server-state';
import { useAppStoreApi } from '../../state/store-context';
import {
  type ConnectionFormValues,
  CUSTOM_PRESET,
  draftOf,
  emptyFormValues,
  type FieldErrors,
  fieldMessage,
  fieldOfError,
  formValuesOf,
  presetOf,
  validateForm,
} from './connection-form-model';
import { secretFieldHelp } from './secret-status';

/**
 * Said at the top of the form where no keychain answers, before the secret is typed: why, in the
 * steward's words (main's first line), what the form does instead (the secret held for this session,
 * as Settings offers), and main's remedy for whoever looks after the computer behind Details.
 */
function NoKeychainNotice({ message }: { message: string | null }) {
  const text = message ?? 'The client secret cannot be saved here: this computer has no keychain that XDM Loader can reach.';
  const cut = text.indexOf('\n');
  return (
    <InlineAlert variant="notice" marginBottom="size-200">
      <Heading>No keychain on this computer</Heading>
      <Content>
        <p className="confirm-text">{cut < 0 ? text : text.slice(0, cut)}</p>
        <p className="confirm-text">
          You can still add the connection: the client secret you type is kept for this session only, in XDM Loader’s memory. It is forgotten when XDM Loader
          closes; type it again then, here or in Settings under “Secret for this session only”.
        </p>
        <FailureDetails detail={cut < 0 ? null : text.slice(cut + 1)} />
      </Content>
    </InlineAlert>
  );
}

/**
 * Add or edit an AEP connection, then test it.
 * Why the secret field is empty even when editing: secrets are write-only; the field says whether
 * one is saved, and typing replaces it. Saving runs the connection test at once, so a wrong
 * secret shows up as a failed step right away, not at the first upload.
 */
export function ConnectionFormDialog({ editing }: { editing: ConnectionView | null }) {
  const dialog = useDialogContainer();
  const store = useAppStoreApi();
  const [values, setValues] = useState<ConnectionFormValues>(() => (editing ? formValuesOf(editing) : emptyFormValues()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<AppErrorShape | null>(null);
  const [saving, setSaving] = useState(false);
  const secretSource = editing?.secret ?? null;
  // No keychain answers: a secret typed here can only be held for this session (as Settings offers).
  const keychain = useKeychain();
  const sessionOnly = keychain.available === false;

  const set =
    <K extends keyof ConnectionFormValues>(key: K) =>
    (value: ConnectionFormValues[K]) => {
      setValues((current) => {
        const next = { ...current, [key]: value };
        return key === 'imsUrl' || key === 'platformUrl' || key === 'streamingUrl' ? { ...next, preset: presetOf(next) } : next;
      });
      setErrors((current) => ({ ...current, [key]: undefined }));
    };

  const choosePreset = (id: string) => {
    const preset = findHostPreset(id);
    if (!preset) {
      setValues((current) => ({ ...current, preset: CUSTOM_PRESET }));
      return;
    }
    setValues((current) => ({ ...current, preset: id, imsUrl: preset.imsUrl, platformUrl: preset.platformUrl, streamingUrl: preset.streamingUrl }));
    setErrors((current) => ({ ...current, imsUrl: undefined, platformUrl: undefined, streamingUrl: undefined }));
  };

  const save = async () => {
    const found = validateForm(values, { secretRequired: editing === null });
    setErrors(found);
    setFailure(null);
    if (Object.values(found).some((message) => message !== undefined)) return;
    setSaving(true);
    const result = await store.getState().saveConnection({
      ...(editing ? { id: editing.connection.id } : {}),
      draft: draftOf(values),
      ...(values.secret !== '' ? { secret: values.secret, ...(sessionOnly ? { secretIn: 'session' as const } : {}) } : {}),
    });
    setSaving(false);
    if (!result.ok) {
      const field = fieldOfError(result.error);
      if (field && result.error.code === 'INVALID_INPUT') setErrors((current) => ({ ...current, [field]: fieldMessage(result.error) }));
      else setFailure(result.error);
      return;
    }
    dialog.dismiss();
    void store.getState().testConnection(result.view.connection.id);
  };

  const invalid = (field: keyof FieldErrors) => (errors[field] !== undefined ? { validationState: 'invalid' as const, errorMessage: errors[field] } : {});

  return (
    <Dialog size="L">
      <Heading>{editing ? `Edit “${editing.connection.name}”` : 'Add a connection'}</Heading>
      <Divider />
      <Content>
        {/* Above the form: an answer to "Add and test" must be in view, not below the fold. */}
        {failure ? (
          <InlineAlert variant="negative" marginBottom="size-200" autoFocus>
            <Heading>The connection was not saved</Heading>
            <Content>
              <ErrorMessage message={failure.message} />
            </Content>
          </InlineAlert>
        ) : null}
        {/* Before the secret is typed, not after Save: where it can go decides whether to type it. */}
        {sessionOnly ? <NoKeychainNotice message={keychain.message} /> : null}
        <Form
          aria-label="Connection"
          labelPosition="top"
          necessityIndicator="label"
          validationBehavior="aria"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <TextField label="Name" isRequired value={values.name} onChange={set('name')} autoFocus {...invalid('name')} />
          <Picker
            label="Hosts"
            selectedKey={values.preset}
            onSelectionChange={(key) => choosePreset(String(key))}
            description="Fills the three URLs below; they stay editable for regional or private hosts."
          >
            {[...hostPresets.map((preset) => <Item key={preset.id}>{preset.label}</Item>), <Item key={CUSTOM_PRESET}>Custom hosts</Item>]}
          </Picker>
          <TextField label="IMS URL" isRequired value={values.imsUrl} onChange={set('imsUrl')} type="url" {...invalid('imsUrl')} />
          <TextField label="Platform URL" isRequired value={values.platformUrl} onChange={set('platformUrl')} type="url" {...invalid('platformUrl')} />
          <TextField label="Streaming URL" isRequired value={values.streamingUrl} onChange={set('streamingUrl')} type="url" {...invalid('streamingUrl')} />
          <TextField
            label="IMS org id"
            isRequired
            value={values.orgId}
            onChange={set('orgId')}
            description="Ends in @AdobeOrg, as on the credential page in Adobe Developer Console."
            {...invalid('orgId')}
          />
          <TextField label="Client id (API key)" isRequired value={values.clientId} onChange={set('clientId')} {...invalid('clientId')} />
          <TextField
            label="Client secret"
            type="password"
            autoComplete="new-password"
            isRequired={editing === null}
            value={values.secret}
            onChange={set('secret')}
            description={secretFieldHelp(secretSource, sessionOnly)}
            {...invalid('secret')}
          />
          <TextField
            label="Sandbox name"
            isRequired
            value={values.sandboxName}
            onChange={set('sandboxName')}
            description="For example prod or dev-1."
            {...invalid('sandboxName')}
          />
          <TextArea
            label="Scopes"
            isRequired
            value={values.scopes}
            onChange={set('scopes')}
            height="size-1000"
            description="Separated by commas or spaces; copy them from the credential page."
            {...invalid('scopes')}
          />
          <Checkbox isSelected={values.production} onChange={set('production')}>
            This is a production sandbox (a sandbox named prod always is)
          </Checkbox>
        </Form>
      </Content>
      <ButtonGroup>
        <Button variant="secondary" onPress={dialog.dismiss} isDisabled={saving}>
          Cancel
        </Button>
        <Button variant="accent" onPress={() => void save()} isPending={saving}>
          {editing ? 'Save and test' : 'Add and test'}
        </Button>
      </ButtonGroup>
    </Dialog>
  );
}
