/** Fixtures shared by the endpoint tests (error-codes, endpoints, config-mode). */
import { objectSchema } from './helpers.js';

export const ORDER = objectSchema({ id: 'string', amount: 'number' }, { title: 'Order' });
export const ORDER_TEXT = JSON.stringify(ORDER);
/** A registration/lookup body carrying `schema` as JSON Schema text. */
export const json = (schema: unknown) => ({ schemaType: 'JSON', schema: JSON.stringify(schema) });
