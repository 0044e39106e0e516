#!/usr/bin/env node
/**
 * A recording reverse proxy for client trials against the Local sandbox.
 *
 * Third-party AEP clients log little of what they send; to report a difference we need the exact request
 * line, the headers that steer AEP (Accept, Content-Type, x-sandbox-name...) and what the sandbox answered.
 * This proxy forwards every request unchanged to the sandbox and appends one JSON line per exchange to a log.
 *
 * Usage: node scripts/clients/logging-proxy.mjs <sandbox-url> <log-file> [port] [--strip-trailing-slash]
 * Prints `{"url": "http://127.0.0.1:<port>"}` once it listens. Not part of `npm test`.
 * `--strip-trailing-slash` removes a final `/` from the path before forwarding (and logs both): the first
 * difference a client meets must not hide the ones behind it, so a second run can look past it.
 */
import { createServer, request as httpRequest } from 'node:http';
import { appendFileSync } from 'node:fs';

const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [target, logFile, portText] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const stripTrailingSlash = flags.includes('--strip-trailing-slash');
if (!target || !logFile) {
  console.error('usage: logging-proxy.mjs <sandbox-url> <log-file> [port]');
  process.exit(2);
}
const upstream = new URL(target);
/** Headers worth reporting; credentials are reduced to whether they were sent. */
const REPORTED = ['accept', 'content-type', 'content-length', 'content-range', 'x-sandbox-name', 'x-gw-ims-org-id', 'x-request-id'];
const PRESENCE_ONLY = ['authorization', 'x-api-key'];
const PREVIEW_CHARS = 600;

function pickHeaders(headers) {
  const picked = {};
  for (const name of REPORTED) if (headers[name] !== undefined) picked[name] = headers[name];
  for (const name of PRESENCE_ONLY) if (headers[name] !== undefined) picked[name] = '(sent)';
  return picked;
}

/** The path to forward: unchanged, or without its final `/` when asked to look past that difference. */
function forwardedPath(url) {
  if (!stripTrailingSlash) return url;
  const [path, query] = url.split(/\?(.*)/s, 2);
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return query === undefined ? trimmed : `${trimmed}?${query}`;
}

function preview(chunks) {
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…(${text.length} chars)` : text;
}

const server = createServer((req, res) => {
  const requestChunks = [];
  req.on('data', (chunk) => requestChunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(requestChunks);
    const path = forwardedPath(req.url ?? '/');
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const responseChunks = [];
        answer.on('data', (chunk) => responseChunks.push(chunk));
        answer.on('end', () => {
          const entry = {
            at: new Date().toISOString(),
            request: `${req.method} ${req.url}`,
            ...(path === req.url ? {} : { forwardedAs: path }),
            headers: pickHeaders(req.headers),
            body: req.headers['content-type']?.includes('octet-stream') ? `(${body.length} bytes)` : preview(requestChunks),
            status: answer.statusCode,
            responseType: answer.headers['content-type'],
            response: preview(responseChunks),
          };
          // Logged before answering, so the client's next step marker cannot land ahead of this exchange.
          appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(responseChunks));
        });
      },
    );
    forwarded.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    forwarded.end(body);
  });
});

server.listen(Number(portText ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
