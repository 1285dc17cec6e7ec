/**
 * What every request may carry: text that PostgreSQL can store and integers that fit its `integer`
 * columns. PostgreSQL refuses a NUL character and text that is not valid UTF-8 (an unpaired UTF-16
 * surrogate cannot be encoded), and `integer` ends at 2^31 − 1 — SQLite takes all of these, so
 * without this rule the same request would be stored on one database and answer 500 on the other.
 * The server applies `storable` to the body, query string and path parameters of every route (and
 * the OpenAPI document shows the result), so no text field can forget it.
 */

/**
 * Text without NUL and without unpaired surrogates. JSON Schema patterns are matched with the
 * Unicode flag, so a surrogate pair (an emoji) is one character and passes; a lone half does not.
 */
export const STORABLE_TEXT = '^[^\\u0000\\uD800-\\uDFFF]*$';

/** The range of a 32-bit integer column. */
export const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

type Json = Record<PropertyKey, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeOf = (schema: Json): unknown[] => (Array.isArray(schema.type) ? schema.type : [schema.type]);

/**
 * A copy of a JSON schema in which every string also matches `STORABLE_TEXT` and every integer
 * without bounds of its own is bounded to `INT32`. Explicit bounds and patterns are kept.
 */
export function storable<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => storable(item)) as T;
  if (!isObject(schema)) return schema;
  const copy: Json = {};
  for (const key of Reflect.ownKeys(schema)) copy[key] = storable(schema[key]);
  const types = typeOf(schema);
  if (types.includes('string')) {
    if (copy.pattern === undefined) copy.pattern = STORABLE_TEXT;
    else if (copy.pattern !== STORABLE_TEXT) {
      copy.allOf = [...((copy.allOf as unknown[] | undefined) ?? []), { pattern: STORABLE_TEXT }];
    }
  }
  if (types.includes('integer')) {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = INT32.maximum;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined) copy.minimum = INT32.minimum;
  }
  return copy as T;
}
