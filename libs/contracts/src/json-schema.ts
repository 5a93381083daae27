import { z } from 'zod';
import { requestRecordSchema } from './request-record';

/** The request record as a JSON Schema document, for senders who do not use this code base. */
export function requestRecordJsonSchema(): object {
  return {
    title: 'Sessionscope request record',
    ...z.toJSONSchema(requestRecordSchema, { target: 'draft-2020-12' }),
  };
}
