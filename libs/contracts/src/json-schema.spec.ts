import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestRecordJsonSchema } from './json-schema';

describe('docs/request-record.schema.json', () => {
  it('is the JSON Schema of the request record as the code defines it (regenerate with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../docs/request-record.schema.json'), 'utf8'));
    expect(committed).toEqual(requestRecordJsonSchema());
  });

  it('documents the required fields of a record', () => {
    expect((requestRecordJsonSchema() as { required: string[] }).required.sort()).toEqual(['clientIp', 'method', 'timestamp', 'url']);
  });
});
