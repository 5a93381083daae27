import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JetStreamConnection } from '@sessionscope/messaging';

@Controller('health')
export class HealthController {
  constructor(
    private readonly connection: JetStreamConnection,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** 200 while NATS is reachable, else 503, so a load balancer stops sending traffic that cannot be stored. */
  @Get()
  health(@Res() response: ServerResponse): void {
    const natsUp = this.connection.isConnected();
    const body = { status: natsUp ? 'ok' : 'unavailable', checks: { nats: natsUp ? 'up' : 'down' } };
    this.adapterHost.httpAdapter.reply(response, body, natsUp ? 200 : 503);
  }
}
