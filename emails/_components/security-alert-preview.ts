import SecurityAlertEmail, { type SecurityAlertEmailProps, type SecurityAlertKind } from "../security-alert";

/** Every kind of security alert, so each has its own preview (emails/security-alerts/). */
export const securityAlertKinds = [
  "newBrowser",
  "externalConnected",
  "externalDisconnected",
  "locked",
  "blocked",
  "emailChangeRequested",
  "emailChanged",
  "emailChangedNew",
  "emailChangeCancelled",
] as const satisfies readonly SecurityAlertKind[];

// A kind added to SecurityAlertKind but not above fails to type-check here.
const everyKind: Exclude<SecurityAlertKind, (typeof securityAlertKinds)[number]> extends never ? true : never = true;
void everyKind;

/**
 * The preview props of one kind: what that kind's mail carries (the provider, the new address, the
 * lockout's minutes; "This wasn't me" only on the old address's notice of a requested change and on a
 * connected identity's notice).
 */
export function securityAlertPreviewProps(kind: SecurityAlertKind): SecurityAlertEmailProps {
  const { notMeUrl, ...common } = SecurityAlertEmail.PreviewProps;
  return {
    ...common,
    kind,
    provider: "Microsoft",
    minutes: 15,
    notMeUrl: kind === "emailChangeRequested" ? notMeUrl : kind === "externalConnected" ? "https://portal.example.com/not-me/preview-token-not-valid" : undefined,
  };
}
