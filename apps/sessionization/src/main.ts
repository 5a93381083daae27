import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, logLevelsUpTo } from '@sessionscope/shared/config';
import { SessionizationConfig, sessionizationConfigSchema } from './config';
import { SessionizationModule } from './sessionization.module';

export async function createSessionizationApp(config: SessionizationConfig) {
  const app = await NestFactory.create(SessionizationModule.register(config), { logger: logLevelsUpTo(config.LOG_LEVEL) });
  app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig(sessionizationConfigSchema, process.env);
  const app = await createSessionizationApp(config);
  await app.listen(config.PORT, config.HOST);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
