/**
 * How pages and mail tell a customer to reach support (issue 29). The phone line is shown only
 * when SUPPORT_PHONE is set: a placeholder number in a security notice would send a worried
 * customer nowhere. The catalogs choose their wording with `phoneShown`.
 */
export type SupportContact = { supportPhone: string | null; supportEmail: string };

export function supportContactValues({ supportPhone, supportEmail }: SupportContact) {
  return { phone: supportPhone ?? "", email: supportEmail, phoneShown: supportPhone ? "yes" : "no" };
}

/** The `tel:` address of a phone number as people write it ("1-800-555-0100" → "tel:18005550100"). */
export function telephoneHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}
