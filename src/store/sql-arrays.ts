/**
 * The columns of a bulk statement, each sent as one parameter: a PostgreSQL array literal for
 * scalars (read with `unnest($n::type[])`), a JSON array for documents (read with
 * `jsonb_array_elements($n::jsonb)`), zipped row by row with `rows from (...)`.
 *
 * Built here in one pass because the `pg` driver turns a JS array into its literal by string
 * concatenation, element by element; for the tens of thousands of values of a bulk statement
 * that cost more CPU than the statement itself, most of it in flattening and collecting the
 * strings it built.
 */
export type ArrayCell = string | number | boolean | null | undefined;

const NEEDS_ESCAPE = /["\\]/;
/** No value yet (unequal to every cell). */
const NONE = Symbol("none");

function element(value: ArrayCell): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  // Always quoted: the words NULL, empty strings, commas and braces then need no care.
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(/["\\]/g, "\\$&")}"` : `"${value}"`;
}

/**
 * `values` as a PostgreSQL array literal; null and undefined are SQL NULL. A value equal to the
 * one before it reuses its text (a bulk statement's columns repeat: a state, a time, NULLs).
 */
export function arrayLiteral(values: readonly ArrayCell[]): string {
  const parts = new Array<string>(values.length);
  let last: ArrayCell | symbol = NONE;
  let text = "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== last) {
      last = value;
      text = element(value);
    }
    parts[i] = text;
  }
  return `{${parts.join(",")}}`;
}

/** SQL that reads parameter `$index` as the column of `type` (one row per element). */
export function columnReader(index: number, type: string): string {
  return type === "jsonb"
    ? `jsonb_array_elements($${index}::jsonb)`
    : `unnest($${index}::${type}[])`;
}
