/** One problem with one field, as Discord lists it under `_errors`. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * Collects field errors into the nested shape of Discord's 50035 "Invalid Form Body"
 * answer: `{ embeds: { 0: { description: { _errors: [...] } } } }`.
 */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  readonly flat: string[] = [];

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    ((node._errors ??= []) as FieldError[]).push({ code, message });
    this.flat.push(`${path.length ? path.join('.') : '(body)'}: ${message}`);
  }

  get empty(): boolean {
    return this.flat.length === 0;
  }
}

/** Prefixes a message payload's errors with `data` for interaction callbacks. */
export function nestUnder(prefix: string, inner: FormErrors): FormErrors {
  const outer = new FormErrors();
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [k, v] of Object.entries(node)) {
      if (k === '_errors') for (const e of v as FieldError[]) outer.add(path, e.code, e.message);
      else walk(v as Record<string, unknown>, [...path, k]);
    }
  };
  walk(inner.tree, [prefix]);
  return outer;
}

/** Discord's wording for a too-long value. */
export const maxLength = (n: number) => `Must be ${n} or fewer in length.`;
/** Discord's wording for a value outside a length range. */
export const between = (a: number, b: number) => `Must be between ${a} and ${b} in length.`;

/** Checks a string field's type and length (in code points, as Discord counts). */
export function checkString(
  errors: FormErrors,
  path: Array<string | number>,
  value: unknown,
  opts: { max: number; min?: number; required?: boolean; nullable?: boolean },
): void {
  if (value === undefined || (value === null && opts.nullable)) {
    if (opts.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
    return;
  }
  const length = [...value].length;
  const min = opts.min ?? 0;
  if (opts.required && length === 0 && min <= 1) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (min > 0 && length < min) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', between(min, opts.max));
  } else if (length > opts.max) {
    errors.add(
      path,
      min > 0 ? 'BASE_TYPE_BAD_LENGTH' : 'BASE_TYPE_MAX_LENGTH',
      min > 0 ? between(min, opts.max) : maxLength(opts.max),
    );
  }
}

/** Checks that a field is an array of at most `max` items; narrows it when it is one. */
export function checkArray(
  errors: FormErrors,
  path: Array<string | number>,
  value: unknown,
  max: number,
): value is unknown[] {
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return false;
  }
  if (value.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', maxLength(max));
  return true;
}
