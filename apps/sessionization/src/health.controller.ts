import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { JetStreamConnection } from '@sessionscope/messaging';

@Controller()
export class HealthController {
  constructor(private readonly connection: JetStreamConnection) {}

  @Get('health')
  health() {
    const nats = this.connection.isConnected() ? 'up' : 'down';
    const body = { status: nats === 'up' ? 'ok' : 'unavailable', checks: { nats } };
    if (nats !== 'up') throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
