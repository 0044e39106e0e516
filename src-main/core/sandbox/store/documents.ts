/**
 * A small document store over SQLite: JSON bodies keyed by sandbox, kind and id.
 *
 * Schemas, descriptors, datasets, batches, batch files and namespaces are all small JSON documents
 * that the routes read, filter and rewrite whole; one generic table keeps every sandbox's data apart
 * (the sandbox name is part of the key) and survives restarts.
 */
import type { SqliteDb } from './database';
import type { JsonObject } from '../json';

export type DocumentKind =
  | 'schema'
  | 'class'
  | 'fieldgroup'
  | 'datatype'
  | 'descriptor'
  | 'dataset'
  | 'batch'
  | 'upload'
  | 'datasetFile'
  | 'namespace'
  | 'sandbox';

interface Row {
  id: string;
  body: string;
}

/** Typed access to the `documents` table. */
export class DocumentStore {
  constructor(private readonly db: SqliteDb) {}

  get<T extends JsonObject>(sandbox: string, kind: DocumentKind, id: string): T | undefined {
    const row = this.db.prepare('SELECT id, body FROM documents WHERE sandbox = ? AND kind = ? AND id = ?').get(sandbox, kind, id) as Row | undefined;
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** Every document of a kind, oldest first; with `parent`, only that parent's children. */
  list<T extends JsonObject>(sandbox: string, kind: DocumentKind, parent?: string): T[] {
    const rows = (
      parent === undefined
        ? this.db.prepare('SELECT id, body FROM documents WHERE sandbox = ? AND kind = ? ORDER BY created, rowid').all(sandbox, kind)
        : this.db.prepare('SELECT id, body FROM documents WHERE sandbox = ? AND kind = ? AND parent = ? ORDER BY created, rowid').all(sandbox, kind, parent)
    ) as Row[];
    return rows.map((r) => JSON.parse(r.body) as T);
  }

  /** Like `list`, with each document's id. */
  entries<T extends JsonObject>(sandbox: string, kind: DocumentKind, parent?: string): Array<[string, T]> {
    const rows = (
      parent === undefined
        ? this.db.prepare('SELECT id, body FROM documents WHERE sandbox = ? AND kind = ? ORDER BY created, rowid').all(sandbox, kind)
        : this.db.prepare('SELECT id, body FROM documents WHERE sandbox = ? AND kind = ? AND parent = ? ORDER BY created, rowid').all(sandbox, kind, parent)
    ) as Row[];
    return rows.map((r) => [r.id, JSON.parse(r.body) as T]);
  }

  count(sandbox: string, kind: DocumentKind, parent: string): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE sandbox = ? AND kind = ? AND parent = ?').get(sandbox, kind, parent) as {
      n: number;
    };
    return row.n;
  }

  put(sandbox: string, kind: DocumentKind, id: string, body: JsonObject, parent?: string): void {
    this.db
      .prepare(
        `INSERT INTO documents (sandbox, kind, id, parent, created, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(sandbox, kind, id) DO UPDATE SET body = excluded.body, parent = excluded.parent`,
      )
      .run(sandbox, kind, id, parent ?? null, Date.now(), JSON.stringify(body));
  }

  delete(sandbox: string, kind: DocumentKind, id: string): void {
    this.db.prepare('DELETE FROM documents WHERE sandbox = ? AND kind = ? AND id = ?').run(sandbox, kind, id);
  }

  /** Sandboxes that hold any document of `kind`, for restart recovery across sandboxes. */
  sandboxes(): string[] {
    const rows = this.db.prepare("SELECT id FROM documents WHERE kind = 'sandbox' ORDER BY created").all() as Row[];
    return rows.map((r) => r.id);
  }
}
