import ResetPasswordEmail from "../reset-password";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish reset mail, for the preview server (npm run email). */
const SpanishResetPasswordEmail = ResetPasswordEmail.bind(null);
export default Object.assign(SpanishResetPasswordEmail, { PreviewProps: { ...ResetPasswordEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
