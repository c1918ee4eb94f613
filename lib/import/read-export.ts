import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";

/**
 * Reads a Dataverse export: CSV with a header row of logical column names, or JSON (an array of
 * rows, or the Web API's {"value": [...]}). Every row keeps where it came from, so a report can
 * name it; a CSV row the parser cannot read is kept as a problem on its line, never dropped.
 */
export type ExportRow = {
  /** "line 7" in a CSV file, "record 3" in a JSON one. */
  where: string;
  /** 1-based position among the rows, for ordering. */
  position: number;
  fields: Record<string, unknown>;
};

export type UnreadableRow = { where: string; position: number; problem: string };

export type ExportFile = { format: "csv" | "json"; columns: Set<string>; rows: ExportRow[]; unreadable: UnreadableRow[] };

/** A file this command cannot read at all (the operator fixes the file or the command line). */
export class ExportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFileError";
  }
}

function firstLineOf(endLine: number, raw: string): number {
  return endLine - (raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
}

function readCsv(text: string): ExportFile {
  const unreadable: UnreadableRow[] = [];
  const columns = new Set<string>();
  let parsed: Array<{ record: Record<string, string>; info: { lines: number }; raw: string }>;
  try {
    parsed = parse(text, {
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase());
        for (const name of names) columns.add(name);
        return names;
      },
      bom: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (!error) return;
        const details = error as unknown as { raw?: unknown; lines?: unknown };
        const line = firstLineOf(Number(details.lines ?? 0), typeof details.raw === "string" ? details.raw : "");
        const problem =
          error.code === "CSV_QUOTE_NOT_CLOSED"
            ? "a quoted field that opens here is never closed, so the rest of the file could not be read"
            : error.code === "CSV_RECORD_INCONSISTENT_COLUMNS"
              ? `this row has a different number of fields from the header (${error.message.replace(/^.*?: /, "")})`
              : error.message;
        unreadable.push({ where: `line ${line}`, position: line, problem });
      },
    });
  } catch (error) {
    throw new ExportFileError(`The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rows = parsed.map(({ record, info, raw }) => {
    const line = firstLineOf(info.lines, raw);
    return { where: `line ${line}`, position: line, fields: record };
  });
  return { format: "csv", columns, rows, unreadable };
}

function readJson(text: string): ExportFile {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ExportFileError(`The JSON file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const container = document as Record<string, unknown> | null;
  if (container && !Array.isArray(container) && typeof container === "object" && "@odata.nextLink" in container) {
    // Note: the Web API answers in pages (5 000 rows by default); importing one page would leave the
    // other customers behind without a word.
    throw new ExportFileError(
      'The JSON file is one page of a longer answer (it has "@odata.nextLink"). Fetch every page and join their "value" arrays, e.g. jq -s \'{value: map(.value) | add}\' page-*.json > contacts.json',
    );
  }
  const list = Array.isArray(document) ? document : container && Array.isArray(container.value) ? container.value : undefined;
  if (!list) throw new ExportFileError('The JSON file holds neither an array of rows nor the Web API\'s {"value": [...]}.');
  const columns = new Set<string>();
  const rows: ExportRow[] = [];
  const unreadable: UnreadableRow[] = [];
  list.forEach((item: unknown, index: number) => {
    const where = `record ${index + 1}`;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      unreadable.push({ where, position: index + 1, problem: "this record is not an object of column values" });
      return;
    }
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (key.includes("@")) continue; // OData annotations (@odata.etag, …@OData.Community.Display.V1.FormattedValue)
      fields[key.toLowerCase()] = value;
      columns.add(key.toLowerCase());
    }
    rows.push({ where, position: index + 1, fields });
  });
  return { format: "json", columns, rows, unreadable };
}

/** Reads a CSV or JSON export; which one is decided by the first character of the file. */
export async function readExport(file: string): Promise<ExportFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ExportFileError(code === "ENOENT" ? `There is no file ${file}.` : `The file ${file} cannot be read (${code ?? "error"}).`);
  }
  const start = text.replace(/^\uFEFF/, "").trimStart()[0];
  return start === "[" || start === "{" ? readJson(text) : readCsv(text);
}

/** Refuses an export that lacks a column the import needs, naming it (one of each group of alternatives). */
export function requireColumns(file: ExportFile, name: string, required: ReadonlyArray<ReadonlyArray<string>>) {
  // An empty JSON array has no columns to check, and nothing to import either.
  if (file.rows.length === 0) return;
  const missing = required.filter((alternatives) => !alternatives.some((column) => file.columns.has(column))).map((alternatives) => alternatives[0]);
  if (missing.length > 0) {
    throw new ExportFileError(`The ${name} export has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}. Export ${missing.length > 1 ? "them" : "it"} too (the README's "Moving from Power Pages" lists every column).`);
  }
}
