import TwoStepChangedEmail, { type TwoStepChangedEmailProps } from "../two-step-changed";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish notice of a change to two-step verification (here: a recovery code used), for the preview server (npm run email). */
const SpanishTwoStepChangedEmail = TwoStepChangedEmail.bind(null);
const PreviewProps: TwoStepChangedEmailProps = {
  ...TwoStepChangedEmail.PreviewProps,
  change: "recovery_code_used",
  codesLeft: 9,
  when: "27 de noviembre de 2026, 14:05 UTC",
  browser: "Chrome en Windows",
  t: previewText("es"),
  branding: previewBrandingIn("es"),
};
export default Object.assign(SpanishTwoStepChangedEmail, { PreviewProps });
