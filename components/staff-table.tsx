import type { ReactNode } from "react";

type StaffTableProps = {
  /** The column headings; a column of buttons has its name for screen readers only. */
  columns: Array<{ label: string; hidden?: boolean; className?: string }>;
  rows: Array<{ key: string | number; cells: ReactNode[] }>;
  /** What the screen says when there is nothing to list. */
  empty: ReactNode;
  /** The table's id; the sentence for an empty list gets `<id>-empty`. */
  id?: string;
};

/** Issue 24: a staff list as a table that scrolls sideways on a phone, or its sentence when empty. */
export function StaffTable({ columns, rows, empty, id }: StaffTableProps) {
  if (rows.length === 0) return <p id={id && `${id}-empty`}>{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table id={id} className="w-full text-left text-sm">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col">
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) => (
                <td key={index} className={columns[index]?.className}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
