import type { KeptFileEntry, KeptFiles } from "./attachment-field";
import { sizeLabel } from "./size-label";

/**
 * The files a kept draft brought back (issue 26), as ticked boxes the form sends without
 * JavaScript: untick one to leave it out. Drawn by the server and handed to the attachment field,
 * which shows them until its list is drawn (issue 25: they are rare, so their code and words stay
 * out of the field's script).
 */
export function KeptFileBoxes({ legend, files }: { legend: string; files: KeptFileEntry[] }) {
  return (
    <fieldset className="mb-3">
      <legend className="mb-1 text-sm font-semibold">{legend}</legend>
      <ul className="space-y-1">
        {files.map((file) => (
          <li key={file.id} className="text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="uploaded" value={file.id} defaultChecked />
              <span className="break-all">
                {file.fileName} <span className="text-slate-600">({sizeLabel(file.size)})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** What the attachment field takes for a kept draft's files (none: undefined). */
export function keptFiles(legend: string, entries: KeptFileEntry[] | undefined): KeptFiles | undefined {
  return entries?.length ? { entries, boxes: <KeptFileBoxes legend={legend} files={entries} /> } : undefined;
}
