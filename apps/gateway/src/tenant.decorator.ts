import { createParamDecorator } from '@nestjs/common';

/**
 * The tenant a request acts for. Until authentication ships every caller is the `default` tenant; this
 * decorator is the one place that decides it, so auth replaces only its body.
 */
export const defaultTenant = 'default';

export const Tenant = createParamDecorator((): string => defaultTenant);
