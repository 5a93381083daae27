import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { JetStreamConnection } from '@sessionscope/messaging';
import { INGESTION_REDIS } from './redis-connection';

@Controller('health')
export class HealthController {
  constructor(
    private readonly connection: JetStreamConnection,
    @Inject(INGESTION_REDIS) private readonly redis: Redis,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * 200 while NATS and Redis are reachable, else 503, so a load balancer stops sending traffic that
   * cannot be stored (JetStream) or deduplicated (Redis).
   */
  @Get()
  health(@Res() response: ServerResponse): void {
    const natsUp = this.connection.isConnected();
    const redisUp = this.redis.status === 'ready';
    const up = natsUp && redisUp;
    const body = { status: up ? 'ok' : 'unavailable', checks: { nats: natsUp ? 'up' : 'down', redis: redisUp ? 'up' : 'down' } };
    this.adapterHost.httpAdapter.reply(response, body, up ? 200 : 503);
  }
}
