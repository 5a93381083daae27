import 'reflect-metadata';
import { LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@sessionscope/shared/config';
import { describeError } from '@sessionscope/shared/errors';
import { developmentSessionKeySecret } from '@sessionscope/session-keys';
import { developmentIngestTokenHash, IngestionConfig, ingestionConfigSchema } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

const logLevelsBySeverity: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The ingestion app, connected to NATS with its streams in place, not yet listening: `main` listens
 * on HOST:PORT, tests listen on port 0.
 */
export async function createIngestionApp(config: IngestionConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IngestionModule.forRoot(config), {
    // The traffic controller reads the raw body itself, bounded by MAX_BODY_BYTES.
    bodyParser: false,
    abortOnError: false,
    logger: logLevelsBySeverity.slice(0, logLevelsBySeverity.indexOf(config.LOG_LEVEL) + 1),
  });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  if (config.SESSION_KEY_SECRET === developmentSessionKeySecret) {
    new Logger('Ingestion').warn('SESSION_KEY_SECRET is the development secret: set a random secret of your own before real traffic comes in');
  }
  if (Object.values(config.INGEST_TOKENS).some((hashes) => hashes.includes(developmentIngestTokenHash))) {
    new Logger('Ingestion').warn('INGEST_TOKENS accepts the public development token: list the SHA-256 hashes of your own tokens before real traffic comes in');
  }
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig(ingestionConfigSchema, process.env);
  const app = await createIngestionApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('Ingestion').log(`listening on http://${config.HOST}:${config.PORT}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`ingestion failed to start: ${describeError(error)}`);
    process.exitCode = 1;
  });
}
