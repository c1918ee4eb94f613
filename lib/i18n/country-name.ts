import { getLocale } from "next-intl/server";

/** A country's name in the request's language ("United States", "Estados Unidos"), from its ISO 3166 code. */
export async function countryName(code: string): Promise<string> {
  return new Intl.DisplayNames([await getLocale()], { type: "region" }).of(code) ?? code;
}
