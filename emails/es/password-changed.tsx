import PasswordChangedEmail from "../password-changed";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish "password changed" notice, for the preview server (npm run email). */
const SpanishPasswordChangedEmail = PasswordChangedEmail.bind(null);
export default Object.assign(SpanishPasswordChangedEmail, {
  PreviewProps: { ...PasswordChangedEmail.PreviewProps, when: "27 de noviembre de 2026, 14:05 UTC", browser: "Chrome en Windows", t: previewText("es"), branding: previewBrandingIn("es") },
});
