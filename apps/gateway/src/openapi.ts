import { applyDecorators, INestApplication } from '@nestjs/common';
import { ApiQuery, ApiResponse, DocumentBuilder, OpenAPIObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { defaultLimit, explorerViews, filterParameterNames, maxLimit } from '@sessionscope/explorer/domain';
import { z } from 'zod';

/**
 * The OpenAPI document. Response shapes come from the explorer's view schemas (the same ones the types
 * come from), parameters from the domain's list of filter names, so neither can drift from the code.
 */
export const docsPath = 'api/docs';

const errorBodySchema = z
  .object({
    code: z.string().describe('Stable, for machines: INVALID_PARAMETER, UNKNOWN_PARAMETER, IDENTITY_FILTER_TOO_BROAD, INVALID_SESSION_CONFIG, INVALID_CURSOR, RESULT_WINDOW_EXCEEDED, BAD_REQUEST, SESSION_NOT_FOUND, REQUEST_NOT_FOUND, ROUTE_NOT_FOUND, SEARCH_UNAVAILABLE, SEARCH_FAILED, INTERNAL'),
    message: z.string().describe('What was wrong, for a person'),
    details: z.array(z.object({ field: z.string().optional().describe('The parameter at fault'), message: z.string().describe('What is wrong with its value, quoting it') })),
  })
  .describe('The body of every error response');

const componentRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(explorerViews, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
    // The regular expressions zod emits for ISO times only repeat what `format: date-time` says.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  });
  const components: Record<string, SchemaObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    components[id] = rest as SchemaObject;
  }
  components.ErrorBody = z.toJSONSchema(errorBodySchema, { target: 'openapi-3.0' }) as SchemaObject;
  return components;
}

const filterDescriptions: Record<(typeof filterParameterNames)[number], string> = {
  from: 'Start of the time window, inclusive: ISO 8601 with a zone (2026-11-24T10:00:00Z). Given once.',
  to: 'End of the time window, exclusive; after `from`. Given once.',
  application: 'Application name.',
  host: 'Host as the request named it (with its port, if it gave one), in any case: hosts are stored in lower case.',
  user: "User of the session (from the application's user point).",
  role: "A role of the session (from the application's role point).",
  endpoint: 'Endpoint path, after an optional method: `/users/42`, `GET /users/{id}` (`{name}` is one path segment, `*` any characters; `\\` before `*`, `{`, `}` or `\\` stands for the character itself: `/search/\\{\\{7\\*7\\}\\}` is the path `/search/{{7*7}}`).',
  clientIp: 'Client address or CIDR block, IPv4 or IPv6 (203.0.113.7, 10.0.0.0/8, 2001:db8::/32).',
  method: 'HTTP method, any case.',
  status: 'Response status: a code (404) or a class (5xx).',
  sessionId: 'Session id.',
  requestId: 'Request id: with sessionId, shows only that request inside its session.',
  attackType: 'Attack type of a hit in the request (sqli, xss, rce, path-traversal, rfi, ssrf, ssti, xxe, nosqli, ldapi, crlf, java, php, scanner).',
  malicious: '`true`: only requests with at least one attack hit.',
};

const repeatable = { type: 'array', items: { type: 'string' } } as const;

/** The filters of the conventions: a session matches when one of its requests matches them all. */
export function ApiRequestFilters(): MethodDecorator {
  return applyDecorators(
    ...filterParameterNames.map((name) =>
      ApiQuery({
        name,
        required: false,
        description: `${filterDescriptions[name]}${name === 'from' || name === 'to' ? '' : ' Repeat for several values (any of them matches).'}`,
        schema: name === 'from' || name === 'to' ? { type: 'string', format: 'date-time' } : repeatable,
        style: 'form',
        explode: true,
      }),
    ),
  );
}

export function ApiPaging(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: `Items per page, 1 to ${maxLimit}.`, schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit } }),
    ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page, with the same filters. The session list pages through its first 10,000 sessions; the page after them answers 400 `RESULT_WINDOW_EXCEEDED`: narrow the filters (the time window) to see more.', schema: { type: 'string' } }),
  );
}

export function ApiOk(view: string): MethodDecorator {
  return ApiResponse({ status: 200, description: 'OK', schema: componentRef(view) });
}

const errorDescriptions: Record<number, string> = {
  400: 'A parameter or value is refused; details name each.',
  404: 'Not found.',
  503: 'OpenSearch is unavailable; retry later.',
};

export function ApiErrors(...statuses: Array<400 | 404 | 503>): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: errorDescriptions[status], schema: componentRef('ErrorBody') })));
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sessionscope gateway')
    .setDescription(
      'API Sessions explorer. Lists answer `{items, total, nextCursor}`; errors answer `{code, message, details}`. ' +
        'Filters are query parameters with the same names on every list; several values of one parameter are alternatives, different parameters all apply. ' +
        'A session matches when at least one of its requests matches every filter, and only its matching requests are counted and shown.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...componentSchemas() } };
  return document;
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(docsPath, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${docsPath}-json` });
}
