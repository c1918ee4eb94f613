import SignInCodeEmail from "../sign-in-code";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish sign-in code, for the preview server (npm run email). */
const SpanishSignInCodeEmail = SignInCodeEmail.bind(null);
export default Object.assign(SpanishSignInCodeEmail, {
  PreviewProps: { ...SignInCodeEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") },
});
