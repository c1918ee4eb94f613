import { parsePhoneNumberWithError, ParseError, type CountryCode } from "libphonenumber-js/max";

/**
 * Issue 16: phone numbers as customers type them — "+44 20 7946 0958", "(608) 555-0143" — read by
 * libphonenumber-js (MIT, Google's metadata) and stored in E.164 ("+16085550143"). A number
 * without "+<country>" is read as one of `defaultCountry` (PHONE_DEFAULT_COUNTRY).
 */
export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: "invalid" | "tooShort" | "tooLong" };

export function readPhoneNumber(input: string, defaultCountry: CountryCode): PhoneReading {
  try {
    const phone = parsePhoneNumberWithError(input, { defaultCountry, extract: false });
    return phone.isValid() ? { ok: true, e164: phone.number } : { ok: false, problem: "invalid" };
  } catch (error) {
    if (error instanceof ParseError && error.message === "TOO_SHORT") return { ok: false, problem: "tooShort" };
    if (error instanceof ParseError && error.message === "TOO_LONG") return { ok: false, problem: "tooLong" };
    return { ok: false, problem: "invalid" };
  }
}

/** A stored number as people write it internationally; numbers imported as written are shown as they are. */
export function formatPhoneNumber(stored: string): string {
  try {
    return parsePhoneNumberWithError(stored).formatInternational();
  } catch {
    return stored;
  }
}
