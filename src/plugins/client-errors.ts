/**
 * Answers errors Node's HTTP parser raises before a request reaches Fastify's routing: an upload that
 * did not arrive within UPLOAD_TIMEOUT_MS (slowloris), malformed HTTP, oversized headers. The answer is
 * the usual JSON envelope written straight to the socket, which is then closed.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

function answer(status: number, message: string, error: string, code: string): string {
  const body = JSON.stringify({ status: 'Error', message, details: { error, code } });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** Fastify `clientErrorHandler`: bound to the app, so `this.log` is the app's logger. */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let response: string;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    this.log.info({ remoteAddress: socket.remoteAddress }, 'upload timed out; connection closed');
    response = answer(408, 'Request Timeout', 'The upload took too long.', 'ERR_UPLOAD_TIMEOUT');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    response = answer(431, 'Invalid Request', 'Malformed request', 'ERR_BAD_REQUEST');
  } else {
    this.log.debug({ code: error.code }, 'malformed HTTP; connection closed');
    response = answer(400, 'Invalid Request', 'Malformed request', 'ERR_BAD_REQUEST');
  }
  if (socket.writable) socket.write(response);
  socket.destroy();
}
