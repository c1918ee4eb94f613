/**
 * A file's size as the case pages show it: "512 B", "84 kB", "3.2 MB". Shared by the attachment
 * field's list (in the browser) and a message's files in the conversation (on the server), so it
 * is in no "use client" module and reads nothing.
 */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  // Note: what would round to "1024 kB" reads as megabytes.
  if (Math.round(bytes / 1024) < 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
