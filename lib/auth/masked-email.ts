/**
 * An address shown to someone who has only proved the password ("j•••@example.com"): enough for
 * the owner to recognise, not enough to learn it from the page.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${[...email.slice(0, at)][0]}•••${email.slice(at)}`;
}
