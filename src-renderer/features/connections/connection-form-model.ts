import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { type ConnectionDraft as Draft, ConnectionDraft, type ConnectionView, DEFAULT_AEP_SCOPES } from '../../../src-shared/platform/connection';
import { defaultHostPreset, hostPresets } from '../../../src-shared/platform/host-presets';

/**
 * The connection form's values and their checks, without React.
 * Why apart from the dialog: the same zod schema as main decides what is valid, so a field is
 * marked wrong before anything is sent, and the mapping from main's error paths back to fields
 * is one small function.
 */
export interface ConnectionFormValues {
  name: string;
  /** A host preset id, or `custom` once a host differs from every preset. */
  preset: string;
  imsUrl: string;
  platformUrl: string;
  streamingUrl: string;
  orgId: string;
  clientId: string;
  sandboxName: string;
  /** Scopes as typed: separated by commas, spaces or new lines. */
  scopes: string;
  production: boolean;
  /** Write-only: empty means "keep the saved secret". */
  secret: string;
}

export type FormField = Exclude<keyof ConnectionFormValues, 'preset'>;
export type FieldErrors = Partial<Record<FormField, string>>;

export const CUSTOM_PRESET = 'custom';

export function presetOf(values: Pick<ConnectionFormValues, 'imsUrl' | 'platformUrl' | 'streamingUrl'>): string {
  const trim = (url: string) => url.trim().replace(/\/+$/, '');
  const match = hostPresets.find(
    (p) => p.imsUrl === trim(values.imsUrl) && p.platformUrl === trim(values.platformUrl) && p.streamingUrl === trim(values.streamingUrl),
  );
  return match?.id ?? CUSTOM_PRESET;
}

export function emptyFormValues(): ConnectionFormValues {
  return {
    name: '',
    preset: defaultHostPreset.id,
    imsUrl: defaultHostPreset.imsUrl,
    platformUrl: defaultHostPreset.platformUrl,
    streamingUrl: defaultHostPreset.streamingUrl,
    orgId: '',
    clientId: '',
    sandboxName: '',
    scopes: DEFAULT_AEP_SCOPES.join(', '),
    production: false,
    secret: '',
  };
}

/** The form filled from a saved AEP connection (the secret field stays empty: it is write-only). */
export function formValuesOf(view: ConnectionView): ConnectionFormValues {
  const c = view.connection;
  if (c.kind === 'local') return emptyFormValues();
  const values = {
    name: c.name,
    imsUrl: c.imsUrl,
    platformUrl: c.platformUrl,
    streamingUrl: c.streamingUrl,
    orgId: c.orgId,
    clientId: c.clientId,
    sandboxName: c.sandboxName,
    scopes: c.scopes.join(', '),
    production: c.production === true,
    secret: '',
  };
  return { ...values, preset: presetOf(values) };
}

export function splitScopes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

export function draftOf(values: ConnectionFormValues): Draft {
  return {
    name: values.name,
    imsUrl: values.imsUrl,
    platformUrl: values.platformUrl,
    streamingUrl: values.streamingUrl,
    orgId: values.orgId,
    clientId: values.clientId,
    sandboxName: values.sandboxName,
    scopes: splitScopes(values.scopes),
    ...(values.production ? { production: true } : {}),
  };
}

/** Every field the shared schema refuses, with its message; empty when the draft is valid. */
export function validateForm(values: ConnectionFormValues, options: { secretRequired: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  const parsed = ConnectionDraft.safeParse(draftOf(values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(String(issue.path[0] ?? ''));
      if (field && errors[field] === undefined) errors[field] = sentence(issue.message);
    }
  }
  if (options.secretRequired && values.secret === '') errors.secret = 'Paste the client secret from Adobe Developer Console.';
  return errors;
}

const formFields: readonly FormField[] = [
  'name',
  'imsUrl',
  'platformUrl',
  'streamingUrl',
  'orgId',
  'clientId',
  'sandboxName',
  'scopes',
  'production',
  'secret',
];

function fieldOf(name: string): FormField | null {
  return (formFields as readonly string[]).includes(name) ? (name as FormField) : null;
}

/** Main's INVALID_INPUT names `draft.orgId` (IPC path) or `orgId` (store): back to a form field. */
export function fieldOfError(error: AppErrorShape): FormField | null {
  const path = error.where?.field;
  if (!path) return null;
  return fieldOf(path.replace(/^draft\./, '').split(/[.[]/)[0] ?? '');
}

/** The message without main's `draft.orgId: ` prefix, as a sentence. */
export function fieldMessage(error: AppErrorShape): string {
  return sentence(error.message.replace(/^[\w.[\]]+: /, ''));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const raised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(raised) ? raised : `${raised}.`;
}
