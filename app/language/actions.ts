"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentCustomer } from "@/lib/auth/current-customer";
import { setCustomerLocale } from "@/lib/customers/customers";
import { guardPlainForm, readField } from "@/lib/http/form";
import { samePortalPath } from "@/lib/http/same-origin";
import { isLocale } from "@/lib/i18n/locales";
import { LOCALE_COOKIE, localeCookieOptions } from "@/i18n/request-locale";

/**
 * The language switcher: remembered in a cookie on this browser and, for a signed-in customer, on
 * their record (their mail then goes out in it). Back to the page the switcher was on.
 */
export const chooseLanguageAction = guardPlainForm(async (formData) => {
  const read = readField(formData, "locale", { maxLength: 10 });
  const locale = "value" in read ? read.value : "";
  const back = samePortalPath((await headers()).get("referer"));
  if (!isLocale(locale)) redirect(back);
  (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions());
  const signedIn = await currentCustomer();
  if (signedIn) await setCustomerLocale(signedIn.customer.id, locale);
  redirect(back);
});
