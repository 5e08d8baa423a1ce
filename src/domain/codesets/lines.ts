/** Line and CSV reading shared by the code set loaders, and the one error they throw. */
import { ClaimgateError } from "../../errors.js";

/** Lines of a text file without their terminators (LF or CRLF), numbered from 1. */
export function numberedLines(text: string): { line: string; number: number }[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return body.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 }));
}

/** A malformed code set file: names the file kind, line and rule, never the line's text. */
export function codesetInvalid(kind: string, lineNumber: number, rule: string): ClaimgateError {
  return new ClaimgateError("CODESET_INVALID", `${kind} line ${lineNumber}: ${rule}.`);
}

/** Splits one CSV record (RFC 4180 quoting; no line breaks inside fields). */
export function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return undefined; // unterminated quote
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i];
        i++;
      }
      if (i < line.length && line[i] !== ",") return undefined;
    } else {
      const end = line.indexOf(",", i);
      field = end === -1 ? line.slice(i) : line.slice(i, end);
      i = end === -1 ? line.length : end;
    }
    fields.push(field.trim());
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/**
 * Records of a CSV file whose first line is a header naming at least `columns`. Returns each
 * record as a map from column name to text, with its line number.
 */
export function csvRecords(
  text: string,
  kind: string,
  columns: readonly string[],
): { fields: Record<string, string>; number: number }[] {
  const lines = numberedLines(text).filter((l) => l.line.trim() !== "");
  const header = lines[0];
  if (!header) throw codesetInvalid(kind, 1, "the file is empty");
  const names = (csvFields(header.line) ?? []).map((n) => n.toLowerCase());
  for (const column of columns) {
    if (!names.includes(column)) {
      throw codesetInvalid(kind, header.number, `the header has no ${column} column`);
    }
  }
  return lines.slice(1).map(({ line, number }) => {
    const values = csvFields(line);
    if (!values || values.length !== names.length) {
      throw codesetInvalid(kind, number, `expected ${names.length} comma-separated fields`);
    }
    const fields: Record<string, string> = {};
    names.forEach((name, i) => (fields[name] = values[i] ?? ""));
    return { fields, number };
  });
}
