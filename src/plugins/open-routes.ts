/**
 * Routes exempt from the API key and from the rate limit. Orchestrators probe health and readiness
 * without credentials, and the API description is public by nature. /metrics needs the key (when auth
 * is on) but is not rate-limited, so a scraper never loses samples to its own schedule.
 */
import type { FastifyRequest } from 'fastify';

// `/` and `/capture/*` are the capture page and its static files (routes/page.route.ts).
const PUBLIC = new Set(['/health', '/ready', '/openapi.json', '/']);

/** True when the matched route needs no API key; unknown routes (404s) do need one. */
export function isPublicRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  // Swagger UI's page, its document and its static assets all live under /docs.
  return url !== undefined && (PUBLIC.has(url) || url === '/docs' || url.startsWith('/docs/') || url === '/capture/*');
}

/** True when the route is not counted by the rate limiter. */
export function isUnmeteredRoute(request: FastifyRequest): boolean {
  return isPublicRoute(request) || request.routeOptions.url === '/metrics';
}
