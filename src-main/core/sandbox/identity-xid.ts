/**
 * The XID of one identity (a namespace code and a value), as Identity Service and Profile hand them out.
 *
 * AEP's XIDs are opaque; the sandbox makes them the base64url of `code:value` with the code in lower
 * case (codes match without regard to case, as Profile's answers show), so the same identity always
 * has the same XID and an XID a client sends back can be read without a lookup table.
 */
export function identityXid(code: string, id: string): string {
  return Buffer.from(`${code.toLowerCase()}:${id}`).toString('base64url');
}

/** The namespace code (lower case) and value of an XID made by `identityXid`; undefined for any other text. */
export function identityOfXid(xid: string): { ns: string; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(xid)) return undefined;
  const text = Buffer.from(xid, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0 || identityXid(text.slice(0, colon), text.slice(colon + 1)) !== xid) return undefined;
  return { ns: text.slice(0, colon), id: text.slice(colon + 1) };
}
