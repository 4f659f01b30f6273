/** The dashboard and the HTTP API (express 5). */
export { createServer, startServer, resolveTokens, type RunningServer, type ServerOptions } from './http.ts';
export { openApiDocument } from './openapi.ts';
