import TwoStepChangedEmail from "../two-step-changed";
import { previewText } from "../_components/preview";

/** The Spanish notice of a change to two-step verification (here: a recovery code used), for the preview server (npm run email). */
const SpanishTwoStepChangedEmail = TwoStepChangedEmail.bind(null);
export default Object.assign(SpanishTwoStepChangedEmail, {
  PreviewProps: {
    ...TwoStepChangedEmail.PreviewProps,
    change: "recovery_code_used" as const,
    codesLeft: 9,
    when: "27 de noviembre de 2026, 14:05 UTC",
    browser: "Chrome en Windows",
    t: previewText("es"),
  },
});
