/** The dashboard and the HTTP API (express 5). */
export { createServer, startServer, resolveTokens,   type RunningServer, type ServerOptions } from './app.ts';
export { openApiDocument } from './openapi.ts';
