import fc from 'fast-check';
import { hostileJson, hostileString, pollutingKeys } from './hostile-values.js';

/**
 * Inputs shaped by a JSON Schema (what zod's toJSONSchema and the server's OpenAPI document
 * give), so a fuzzer gets past the first type check and reaches the code behind it. Strings are
 * sometimes drawn from `pool` (ids that exist), so lookups hit real rows. `corrupt` then swaps
 * one field for a hostile value or adds a polluting key, which is what finds the gaps between a
 * schema and the code it guards.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  /** zod's `.meta({ examples })`: values an author knows are valid, tried first. */
  examples?: unknown[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
};

export interface ShapeOptions {
  /** Real ids and values to reuse for string fields. */
  pool?: () => readonly string[];
}

const cap = (n: number | undefined, fallback: number, most: number) =>
  Math.min(n ?? fallback, most);

export function shapedBy(root: JsonSchema, options: ShapeOptions = {}): fc.Arbitrary<unknown> {
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.split('/').pop()!;
    const found = root.$defs?.[name] ?? root.definitions?.[name];
    return found ?? {};
  };

  const pooled = (fallback: fc.Arbitrary<string>): fc.Arbitrary<string> => {
    if (!options.pool) return fallback;
    const pool = options.pool;
    return fc.oneof(
      { arbitrary: fallback, weight: 3 },
      {
        arbitrary: fc.nat().map((i) => {
          const values = pool();
          return values.length ? values[i % values.length]! : 'none';
        }),
        weight: 2,
      },
    );
  };

  const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
    const minLength = schema.minLength ?? 0;
    const maxLength = cap(schema.maxLength, 60, 300);
    if (schema.format === 'date-time') {
      // Instants as clients send them; half on a quarter-hour mark, where bookings live.
      const quarter = 15 * 60_000;
      return fc
        .tuple(
          fc.date({
            min: new Date('2000-01-01'),
            max: new Date('2100-01-01'),
            noInvalidDate: true,
          }),
          fc.boolean(),
        )
        .map(([d, round]) =>
          new Date(round ? Math.round(d.getTime() / quarter) * quarter : d.getTime()).toISOString(),
        );
    }
    if (schema.pattern) {
      try {
        return fc.stringMatching(new RegExp(schema.pattern));
      } catch {
        // A pattern fast-check cannot generate from: the format or plain strings below.
      }
    }
    switch (schema.format) {
      case 'email':
        return fc.emailAddress();
      case 'uuid':
        return pooled(fc.uuid());
      case 'uri':
      case 'url':
        return fc.webUrl();
    }
    const plain = fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
    if (schema.maxLength !== undefined || minLength > 0) return pooled(plain);
    // Unconstrained in the schema usually means a rule in code (unit names, access codes):
    // short words and digit runs get past most of those.
    return pooled(
      fc.oneof(plain, fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), fc.stringMatching(/^\d{4,10}$/)),
    );
  };

  const numberOf = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
    const lowest = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 0;
    const min = schema.minimum ?? lowest;
    const max = Math.min(schema.maximum ?? 10_000, min + 10_000);
    const [low, high] = [Math.ceil(min), Math.floor(max)];
    const any = fc.integer({ min: low, max: high });
    // Durations and sizes often come in steps (15 minutes, 5 files): try round numbers too.
    const steps = [5, 10, 15, 30, 60].filter(
      (step) => Math.ceil(low / step) <= Math.floor(high / step),
    );
    const whole = steps.length
      ? fc.oneof(
          any,
          fc
            .constantFrom(...steps)
            .chain((step) =>
              fc
                .integer({ min: Math.ceil(low / step), max: Math.floor(high / step) })
                .map((k) => k * step),
            ),
        )
      : any;
    if (integer) return whole;
    // Most numbers in an API are small counts and ids, whole even when the schema does not say so.
    const small = fc.integer({
      min: Math.max(Math.ceil(min), 1),
      max: Math.min(Math.floor(max), 300),
    });
    return fc.oneof(small, whole, fc.double({ min, max, noNaN: true }));
  };

  const build = (raw: JsonSchema): fc.Arbitrary<unknown> => {
    const schema = resolve(raw);
    let arb = buildType(schema);
    if (schema.nullable) arb = fc.oneof(arb, fc.constant(null));
    return arb;
  };

  const buildType = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.examples && schema.examples.length > 0) {
      const { examples, ...rest } = schema;
      return fc.oneof(fc.constantFrom(...examples), buildType(rest));
    }
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union && union.length > 0) return fc.oneof(...union.map(build));
    if (schema.allOf && schema.allOf.length > 0) return build(schema.allOf[0]!);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((type) => buildType({ ...schema, type })));
    switch (types[0]) {
      case 'string':
        return stringOf(schema);
      case 'integer':
        return numberOf(schema, true);
      case 'number':
        return numberOf(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(schema.items ? build(schema.items) : hostileJson, {
          minLength: schema.minItems ?? 0,
          maxLength: cap(schema.maxItems, 4, 6),
        });
      case 'object': {
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const keys = Object.keys(properties);
        if (keys.length === 0) return fc.constant({});
        return fc.record(
          Object.fromEntries(keys.map((k) => [k, build(properties[k]!)])),
          // Optional fields come and go; required ones are always there.
          { requiredKeys: keys.filter((k) => required.has(k)) },
        );
      }
      default:
        return hostileJson;
    }
  };

  return build(root);
}

/** A valid-looking input with one thing wrong: a field swapped, dropped or a polluting key added. */
export function corrupted(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(shaped, fc.nat(), fc.oneof(hostileJson, hostileString), fc.nat(3))
    .map(([value, pick, replacement, how]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return replacement;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[pick % keys.length]! : 'id';
      switch (how) {
        case 0:
          copy[key] = replacement;
          return copy;
        case 1:
          delete copy[key];
          return copy;
        case 2: {
          // As JSON.parse builds it: an own "__proto__" (or "constructor") property.
          const polluting = pollutingKeys[pick % pollutingKeys.length]!;
          const rest = JSON.stringify(copy).slice(1, -1);
          return JSON.parse(
            `{${JSON.stringify(polluting)}:{"polluted":true}${rest ? `,${rest}` : ''}}`,
          ) as unknown;
        }
        default:
          // A valid value with something hostile appended: "HW00000094' OR 1=1".
          copy[key] =
            typeof copy[key] === 'string' && typeof replacement === 'string'
              ? `${copy[key] as string}${replacement}`
              : replacement;
          return copy;
      }
    });
}
