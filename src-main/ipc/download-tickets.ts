import { randomBytes } from 'node:crypto';

/** How long a download link stays valid: the page follows it at once. */
const TICKET_LIFETIME_MS = 60_000;

export interface DownloadTicket {
  path: string;
  fileName: string;
}

/**
 * One-time links to job files for browser mode (`results.open`, served by `GET /results/TICKET`).
 * Why tickets and not the path in the URL: a plain link cannot carry the token header, and a path
 * in a URL could name any file; a ticket is minted only over the token-checked socket, for a file
 * already confined to a job folder, is unguessable, and works once and for a minute.
 */
export class DownloadTickets {
  readonly #tickets = new Map<string, DownloadTicket & { expires: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A ticket for `path`, to be redeemed once within a minute. */
  issue(ticket: DownloadTicket): string {
    this.#forgetExpired();
    const id = randomBytes(24).toString('base64url');
    this.#tickets.set(id, { ...ticket, expires: this.#now() + TICKET_LIFETIME_MS });
    return id;
  }

  /** The ticket's file, and the ticket gone; undefined for an unknown, used or expired one. */
  redeem(id: string): DownloadTicket | undefined {
    const ticket = this.#tickets.get(id);
    this.#tickets.delete(id);
    if (!ticket || ticket.expires < this.#now()) return undefined;
    return { path: ticket.path, fileName: ticket.fileName };
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [id, ticket] of this.#tickets) if (ticket.expires < now) this.#tickets.delete(id);
  }
}
