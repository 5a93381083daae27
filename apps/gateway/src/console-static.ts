import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the console (apps/console, built by Vite into dist/console) at `/`: its files as they are, and
 * its index.html for the console's own routes so a shared link or a reload of `/sessions/{id}?...`
 * opens the console there. Nothing under /api or /health is touched: those stay the API's, 404s
 * included.
 */
/** The parts of Express's request and response used here (the gateway has no @types/express). */
type Request = { method: string; path: string };
type Response = { status(code: number): Response; type(type: string): Response; send(body: string): void; setHeader(name: string, value: string): void; sendFile(path: string): void };
type NextFunction = () => void;

export const consoleRoutePrefixes = ['/sessions', '/requests', '/attacks', '/api-discovery', '/bots'];

export function isConsoleRoute(path: string): boolean {
  return path === '/' || consoleRoutePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** dist/console, whether the gateway runs from dist/apps/gateway/src or from its sources (tests). */
export function findConsoleDir(fromDir: string = __dirname): string | null {
  const candidates = [join(fromDir, '../../../console'), join(fromDir, '../../../dist/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export function serveConsole(app: NestExpressApplication, consoleDir: string | null = findConsoleDir()): void {
  if (consoleDir === null) {
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || !isConsoleRoute(request.path)) return next();
      response.status(503).type('text/plain').send('The console is not built: run `npm run build` (or node apps/console/build-console.mjs), then restart the gateway.\n');
    });
    return;
  }
  // Hashed asset names change with their content, so they can be cached for good; index.html never.
  app.useStaticAssets(consoleDir, {
    index: false,
    setHeaders: (response, file) => response.setHeader('cache-control', file.includes(`${join(consoleDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const indexHtml = join(consoleDir, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isConsoleRoute(request.path)) return next();
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(indexHtml);
  });
}
