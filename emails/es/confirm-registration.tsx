import ConfirmRegistrationEmail from "../confirm-registration";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish version, for the preview server (npm run email). */
const SpanishConfirmRegistrationEmail = ConfirmRegistrationEmail.bind(null);
export default Object.assign(SpanishConfirmRegistrationEmail, { PreviewProps: { ...ConfirmRegistrationEmail.PreviewProps, t: previewText("es"), branding: previewBrandingIn("es") } });
