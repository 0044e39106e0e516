/**
 * A request body left unread: file uploads are streamed to disk, never buffered.
 *
 * The catch-all content-type parser wraps the request stream in `RawBody`, so upload routes can pipe
 * it to a file (up to 256 MB per PUT, 512 MB per chunk) and JSON routes can tell it apart from a
 * parsed JSON body.
 */
import type { Readable } from 'node:stream';

export class RawBody {
  constructor(readonly stream: Readable) {}
}
