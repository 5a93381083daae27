import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { describeError } from '@sessionscope/shared/errors';
import { GatewayConfig, loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { serveConsole } from './console-static';
import { serveOpenApi } from './openapi';

const levelsFrom: Record<GatewayConfig['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** The gateway, initialised but not listening: `main` listens on HOST:PORT, tests on port 0. */
export async function createGatewayApp(config: GatewayConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), { logger: levelsFrom[config.LOG_LEVEL] });
  // Repeated parameters arrive as arrays and `a[b]=c` stays a plain key: the filters refuse it by name.
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  serveOpenApi(app);
  serveConsole(app);
  await app.init();
  return app;
}

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
  console.log(`gateway listening on http://${config.HOST}:${config.PORT} (OpenAPI at /api/docs)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  });
}
