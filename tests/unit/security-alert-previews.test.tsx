import { readdirSync } from "node:fs";
import path from "node:path";
import { render } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import { securityAlertKinds } from "@/emails/_components/security-alert-preview";
import type { SecurityAlertEmailProps } from "@/emails/security-alert";
import { supportContactValues } from "@/lib/support/contact-details";

/** Issue 30: the preview server (npm run email) shows every kind of security alert, each in its own words. */
describe("security alert previews", () => {
  const directory = path.join(process.cwd(), "emails", "security-alerts");
  const fileOf = (kind: string) => `${kind.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.tsx`;

  it("has one preview file per kind, and no other", () => {
    expect(readdirSync(directory).sort()).toEqual(securityAlertKinds.map(fileOf).sort());
  });

  it.each(securityAlertKinds)("previews %s with that kind's words", async (kind) => {
    const preview = (await import(`@/emails/security-alerts/${fileOf(kind).replace(/\.tsx$/, "")}`)).default as ComponentType<SecurityAlertEmailProps> & {
      PreviewProps: SecurityAlertEmailProps;
    };
    expect(preview.PreviewProps.kind).toBe(kind);
    const text = await render(createElement(preview, preview.PreviewProps), { plainText: true });
    const props = preview.PreviewProps;
    const what = props.t(`securityAlert.${kind}.what`, {
      portalName: props.branding.portalName,
      username: props.username,
      when: props.when,
      browser: props.browser,
      ip: props.ip,
      provider: props.provider ?? "",
      newEmail: props.newEmail ?? "",
      minutes: props.minutes ?? 0,
      resetUrl: props.resetUrl,
      ...supportContactValues(props.branding),
    });
    expect(text.replace(/\s+/g, " ")).toContain(what.replace(/\s+/g, " ").slice(0, 40));
    expect(text).not.toMatch(/securityAlert\./);
  });
});

/** Issue 30: security mails greet the customer by name, as case mails do; by username only when there is no name. */
describe("security mails' greeting", () => {
  it.each([
    ["security alert", async () => (await import("@/emails/security-alert")).default],
    ["password changed", async () => (await import("@/emails/password-changed")).default],
    ["two-step changed", async () => (await import("@/emails/two-step-changed")).default],
  ])("%s: by name, else by username", async (_name, load) => {
    const Template = (await load()) as unknown as ComponentType<Record<string, unknown>> & { PreviewProps: Record<string, unknown> };
    const greet = async (name: string | null) => (await render(createElement(Template, { ...Template.PreviewProps, name }), { plainText: true })).replace(/\s+/g, " ");
    expect(await greet("John Smith")).toContain("Hello John Smith");
    expect(await greet("John Smith")).not.toContain("Hello jsmith");
    expect(await greet(null)).toContain("Hello jsmith");
    expect(await greet("   ")).toContain("Hello jsmith");
  });
});
