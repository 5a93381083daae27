import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConsoleDir, isConsoleRoute } from './console-static';

describe('console served by the gateway', () => {
  it('answers index.html for the console routes only, never for the API or health', () => {
    expect(['/', '/sessions', '/sessions/abc', '/requests/r1', '/attacks', '/api-discovery/x', '/bots'].filter(isConsoleRoute)).toHaveLength(7);
    expect(['/api/v1/sessions', '/api/docs', '/health', '/sessionsx', '/assets/index.js', '/favicon.ico'].filter(isConsoleRoute)).toEqual([]);
  });

  it('finds dist/console from the built gateway and from its sources', () => {
    // given a checkout with a built console
    const root = mkdtempSync(join(tmpdir(), 'console-static-'));
    try {
      const built = join(root, 'dist', 'console');
      mkdirSync(built, { recursive: true });
      writeFileSync(join(built, 'index.html'), '<!doctype html>');
      // then both places the gateway runs from find it, and a checkout without it gets null
      expect(findConsoleDir(join(root, 'dist', 'apps', 'gateway', 'src'))).toBe(built);
      expect(findConsoleDir(join(root, 'apps', 'gateway', 'src'))).toBe(built);
      expect(findConsoleDir(join(root, 'elsewhere', 'a', 'b', 'c'))).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
