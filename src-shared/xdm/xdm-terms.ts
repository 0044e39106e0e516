import { z } from 'zod';

/**
 * The XDM words a steward meets on the screens, each explained in two or three plain sentences,
 * with the page of Adobe's documentation that says more.
 * Why one table in shared: the screens show the texts beside the controls that use the words,
 * and main opens a term's page in the system browser by its id (never an arbitrary address the
 * renderer names); both read this table, so no text or address is written twice.
 */
export const xdmTermIds = ['class', 'field-group', 'identity-namespace', 'primary-identity', 'authenticated-state', 'union-schema'] as const;
export const XdmTermId = z.enum(xdmTermIds);
export type XdmTermId = z.infer<typeof XdmTermId>;

export interface XdmTerm {
  title: string;
  text: string;
  /** The page on experienceleague.adobe.com that explains the term. */
  docs: string;
}

const DOCS = 'https://experienceleague.adobe.com/en/docs/experience-platform';

export const xdmTerms: Readonly<Record<XdmTermId, XdmTerm>> = {
  class: {
    title: 'Class',
    text: 'What a record is about, chosen once per schema: XDM Individual Profile for facts about a person (name, email, loyalty tier), XDM ExperienceEvent for something that happened at a time (a purchase, a visit). It decides which fields a schema may have and cannot be changed afterwards.',
    docs: `${DOCS}/xdm/schema/composition#class`,
  },
  'field-group': {
    title: 'Field group',
    text: 'A reusable set of fields added to a schema, such as "Demographic Details" (name, birth date) or your organisation\'s own custom fields, which sit under your tenant\'s _tenant object. A schema is its class plus its field groups.',
    docs: `${DOCS}/xdm/schema/composition#field-group`,
  },
  'identity-namespace': {
    title: 'Identity namespace',
    text: 'Says what kind of identifier a value is: Email, Phone, ECID, or one your organisation created such as CRMID. The same value means different people in different namespaces, so every identity is sent with its namespace code, which must exist in the sandbox.',
    docs: `${DOCS}/identity/features/namespaces`,
  },
  'primary-identity': {
    title: 'Primary identity',
    text: 'The one identity of a record that Real-Time Customer Profile files it under. Each record needs exactly one; a record without a primary identity is stored in the dataset but never reaches a profile.',
    docs: `${DOCS}/xdm/ui/fields/identity`,
  },
  'authenticated-state': {
    title: 'Authenticated state',
    text: 'How sure the source is that the identity belongs to the person: Authenticated (they signed in), Logged out (they signed out), or Ambiguous (not known; the usual choice for files from a CRM).',
    docs: `${DOCS}/xdm/schema/composition#identityMap`,
  },
  'union-schema': {
    title: 'Union schema',
    text: 'The merged view Profile builds from every schema of one class that is enabled for Profile. Enabling a schema for Profile adds its fields to the union; that cannot be undone.',
    docs: `${DOCS}/profile/ui/union-schema`,
  },
};
